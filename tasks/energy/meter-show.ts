import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveMeters } from "../../lib/energy/deployment.js";
import { EnergyError } from "../../lib/energy/errors.js";
import { parseMeterId } from "../../lib/energy/operator.js";
import { METER_STATUSES } from "../../lib/energy/readings.js";

interface Args {
  id: string;
  meters: string;
  json: boolean;
}

async function showMeter(args: Args, hre: HardhatRuntimeEnvironment) {
  const meterId = parseMeterId(args.id);
  const ctx = await connect(hre);
  const meters = await resolveMeters(ctx, args.meters);
  const m = await meters.meter(meterId);
  if (m.status === 0n) throw new UserError(EnergyError.UNKNOWN_METER, `meter ${meterId} is not registered`, { meterId });
  const [exists, interval, cumulativeWh] = await meters.lastReading(meterId);
  const out = {
    meterId,
    status: METER_STATUSES[Number(m.status)],
    owner: Number(m.owner),
    operatorMember: Number(m.operatorMember),
    key: await meters.meterKey(meterId),
    lastReading: exists ? { interval: Number(interval), cumulativeWh: cumulativeWh.toString() } : null,
  };
  if (args.json) printJson(out);
  else {
    print(`meter ${meterId}: ${out.status}, owner ${out.owner}, operator member ${out.operatorMember}, key ${out.key}`);
    print(out.lastReading ? `last reading: interval ${out.lastReading.interval}, ${out.lastReading.cumulativeWh} Wh` : "no reading yet");
  }
  return out;
}

export default runAction(showMeter);
