import { expect } from "chai";
import { AbiCoder, keccak256, randomBytes, solidityPacked, toUtf8Bytes } from "ethers";
import {
  BatchInputError,
  canonicalJson,
  certificateId,
  contentDigest,
  formatProblem,
  holderBlind,
  holderCommitment,
  identify,
  keccakHex,
  parseCsv,
  parseReceipt,
  parseTime,
  recordsFromCsv,
  recordsFromJson,
  requireValid,
  prepare,
  buildMerkleBatch,
  merkleReceipt,
  checkReceipt,
  encodeTerms,
  decodeTerms,
  encodeBatchTerms,
  decodeRecord,
  parseReason,
  type TypeSpec,
} from "../../lib/certificates/index.js";
import { certFixture, DEGREE } from "../kit/certificates.js";

const coder = AbiCoder.defaultAbiCoder();
const degree: TypeSpec = { typeId: 2, name: "Bachelor's degree", fields: ["name", "major", "graduatedOn"], defaultValidity: 0 };
const NOW = 1_780_000_000;

describe("certificates: lib", () => {
  it("[CERT-26] keccak256 in lib equals ethers' for every length across block boundaries", () => {
    for (let len = 0; len <= 300; len++) {
      const d = randomBytes(len);
      expect(keccakHex(d), `length ${len}`).to.equal(keccak256(d));
    }
  });

  it("[CERT-26] canonical JSON is RFC 8785: key order and whitespace do not matter, values keep their exact form", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: { z: 1e21, y: -0, x: 0.1 } })).to.equal('{"a":[true,null,"x"],"b":1,"c":{"x":0.1,"y":0,"z":1e+21}}');
    expect(canonicalJson({ "\u00e9": 1, e: 2, E: 3 })).to.equal('{"E":3,"e":2,"é":1}');
    expect(canonicalJson({ s: 'quote " and \\ and \n' })).to.equal('{"s":"quote \\" and \\\\ and \\n"}');
    expect(canonicalJson(JSON.parse('{ "b" : 2 , "a" : 1 }'))).to.equal(canonicalJson({ a: 1, b: 2 }));
    expect(() => canonicalJson({ a: Number.NaN })).to.throw("no JSON form");
    expect(() => canonicalJson({ a: undefined })).to.throw('field "a" is undefined');
    expect(() => canonicalJson(new Date())).to.throw("plain objects");
  });

  it("[CERT-26] digests are salted: a low-entropy field cannot be guessed, and the formulas match Solidity's encodings", () => {
    const fields = { name: "张三", major: "Law", graduatedOn: "2026-06-30" };
    const salt = "0x" + "11".repeat(32);
    const d1 = contentDigest(2, fields, salt);
    expect(d1).to.equal(keccak256(solidityPacked(["string", "bytes32", "string"], ["consortium.certificate.content.v1", salt, canonicalJson({ fields, type: 2 })])));
    expect(contentDigest(2, { graduatedOn: "2026-06-30", major: "Law", name: "张三" }, salt)).to.equal(d1); // order-free
    expect(contentDigest(2, fields, "0x" + "12".repeat(32))).to.not.equal(d1);
    // Without the salt, trying every plausible value finds nothing.
    const guesses = ["Law", "Physics", "Medicine"].map((major) => keccak256(toUtf8Bytes(canonicalJson({ fields: { ...fields, major }, type: 2 }))));
    expect(guesses).to.not.include(d1);
    const blind = holderBlind(" 32010219900101123x ", salt);
    expect(blind).to.equal(holderBlind("32010219900101123X", salt)); // normalised
    expect(blind).to.equal(keccak256(solidityPacked(["string", "bytes32", "string"], ["consortium.certificate.holder.v1", salt, "32010219900101123X"])));
    const key = "0x1111111111111111111111111111111111111111";
    const commitment = holderCommitment(blind, key);
    expect(commitment).to.equal(keccak256(coder.encode(["bytes32", "address"], [blind, key])));
    expect(certificateId(d1, commitment)).to.equal(keccak256(coder.encode(["bytes32", "bytes32"], [d1, commitment])));
    const a = identify(2, fields, "X");
    const b = identify(2, fields, "X");
    expect(a.id).to.not.equal(b.id); // fresh salts: unlinkable
  });

  it("[CERT-26] terms, batch terms and records round-trip; reasons parse by name or code", () => {
    const t = { typeId: 3, validFrom: 1_700_000_000, validUntil: 1_900_000_000 };
    expect(decodeTerms(encodeTerms(t))).to.deep.equal(t);
    expect(() => encodeTerms({ typeId: 0 })).to.throw("typeId 0 does not exist");
    expect(() => encodeTerms({ typeId: 1, validFrom: 10, validUntil: 5 })).to.throw("not after validFrom");
    expect(encodeBatchTerms(2, 1000)).to.equal(2n | (1000n << 16n));
    expect(() => encodeBatchTerms(2, 0)).to.throw("at least one");
    const rec = 1n | (3n << 8n) | (7n << 16n) | (3n << 48n) | (5n << 64n) | (9n << 104n) | (11n << 144n) | (12n << 184n) | (4n << 224n);
    expect(decodeRecord(rec)).to.deep.include({ state: 1, revocable: true, suspendable: true, member: 7, typeId: 3, validFrom: 5, validUntil: 9, issuedBlock: 11, updatedBlock: 12, reason: 4 });
    expect(decodeRecord(0n)).to.equal(null);
    expect([parseReason("penalty"), parseReason("4"), parseReason(200)]).to.deep.equal([4, 4, 200]);
    expect(() => parseReason("because")).to.throw('unknown reason "because"');
  });

  it("[CERT-25] a CSV batch names every malformed row by row, field and why", () => {
    const csv = [
      "holderId,name,major,graduatedOn,validUntil,holderKey",
      "3201,Alice,Law,2026-06-30,,",
      ",Bob,Law,2026-06-30,,", // no holder
      "3203,,Law,2026-06-30,,", // empty field
      "3204,Carol,Law,2026-06-30,2020-01-01,", // already expired
      "3205,Dan,Law,2026-06-30,not-a-date,",
      "3206,Eve,Law,2026-06-30,,0x1234", // bad key
      "3201,Alice,Law,2026-06-30,,", // duplicate of row 2
      '3208,"Frank, Jr.","Law ""honours""",2026-06-30,,', // quoting is fine
      "3209,Gina,Law", // short row
    ].join("\n");
    const { inputs, problems } = recordsFromCsv(csv, degree, NOW);
    expect(problems.map(formatProblem)).to.deep.equal([
      'row 3, field "holderId": is missing (every certificate needs its holder\'s id)',
      'row 4, field "name": is empty',
      'row 5, field "validUntil": is already past: the certificate would be born expired',
      'row 6, field "validUntil": "not-a-date" is not a date (YYYY-MM-DD, ISO date-time or unix seconds)',
      'row 7, field "holderKey": "0x1234" is not an address',
      'row 8, field "(record)": duplicates row 2 (same holder, same content)',
      'row 10, field "(row)": has 3 cells, the header has 6',
      'row 10, field "graduatedOn": is missing (type "Bachelor\'s degree" requires it)',
    ]);
    expect(inputs.find((i) => i.row === 9)!.fields).to.deep.equal({ name: "Frank, Jr.", major: 'Law "honours"', graduatedOn: "2026-06-30" });
    expect(() => requireValid({ inputs, problems })).to.throw(BatchInputError, /^8 problem\(s\) in the input, nothing was sent: row 3, field "holderId"/);
  });

  it("[CERT-25] header problems are reported before any row: missing, unknown and repeated columns", () => {
    const { problems } = recordsFromCsv("holderId,name,name,grade\n1,a,b,c\n", degree, NOW);
    expect(problems.map(formatProblem)).to.deep.equal([
      'row 1, field "name": the column appears twice',
      'row 1, field "major": column missing (type "Bachelor\'s degree" requires it)',
      'row 1, field "graduatedOn": column missing (type "Bachelor\'s degree" requires it)',
      'row 1, field "grade": is not a field of type "Bachelor\'s degree"',
    ]);
    expect(() => parseCsv('a,b\n"open')).to.throw(BatchInputError, 'row 2, field "(csv)": a quoted cell is never closed');
    expect(() => parseCsv("")).to.throw(BatchInputError, "the file is empty");
  });

  it("[CERT-25] a JSON batch is checked the same way; nested fields are accepted", () => {
    const { inputs, problems } = recordsFromJson(
      [
        { holderId: "1", fields: { name: "A", major: "Law", graduatedOn: "2026-06-30" } },
        { holderId: "2", name: "B", major: "Law", graduatedOn: "2026-06-30", grade: "A" },
        { holderId: "3", name: "C", major: ["Law"], graduatedOn: "2026-06-30", validFrom: "2026-09-01" },
        "nonsense",
      ],
      degree,
      NOW,
    );
    expect(problems.map(formatProblem)).to.deep.equal([
      'row 2, field "grade": is not a field of type "Bachelor\'s degree"',
      'row 3, field "major": must be text, a number or true/false, not a list',
      'row 4, field "(record)": is not an object',
    ]);
    expect(inputs.map((i) => i.holderId)).to.deep.equal(["1"]);
    expect(recordsFromJson({}, degree, NOW).problems[0].why).to.equal("the file must hold an array of records");
  });

  it("[CERT-25] dates parse as ISO dates, date-times or unix seconds; the type's default validity applies", () => {
    expect(parseTime("2026-07-01")).to.equal(Date.UTC(2026, 6, 1) / 1000);
    expect(parseTime("2026-07-01T08:00:00+08:00")).to.equal(Date.UTC(2026, 6, 1) / 1000);
    expect(parseTime("1780000000")).to.equal(1780000000);
    expect(parseTime("July 1st")).to.be.a("string");
    const lic: TypeSpec = { ...degree, defaultValidity: 1000 };
    const { inputs } = recordsFromCsv("holderId,name,major,graduatedOn,validFrom\n1,A,B,C,1780000100\n", lic, NOW);
    expect([inputs[0].validFrom, inputs[0].validUntil]).to.deep.equal([1780000100, 1780001100]);
  });

  it("[CERT-25] a malformed batch sends nothing: the registry is untouched", async () => {
    const { registry } = await certFixture();
    const csv = "holderId,name,major,degree,graduatedOn,certificateNo\n1,A,Law,LLB,2026-06-30,1\n2,B,,LLB,2026-06-30,2\n";
    const spec: TypeSpec = { typeId: DEGREE, name: "degree", fields: ["name", "major", "degree", "graduatedOn", "certificateNo"], defaultValidity: 0 };
    const result = recordsFromCsv(csv, spec, NOW);
    let sent = 0;
    try {
      const inputs = requireValid(result);
      const batch = buildMerkleBatch(DEGREE, prepare(DEGREE, inputs));
      sent++;
      await registry.issueMerkle(batch.root, encodeBatchTerms(DEGREE, batch.count));
    } catch (e) {
      expect(e).to.be.instanceOf(BatchInputError);
      expect((e as BatchInputError).problems).to.deep.equal([{ row: 3, field: "major", why: "is empty" }]);
    }
    expect(sent).to.equal(0);
    expect(await registry.typeCount()).to.equal(4n);
  });

  it("[CERT-16] receipts parse strictly and check offline", () => {
    const certs = prepare(2, [1, 2, 3].map((i) => ({ row: i, holderId: `H${i}`, holderKey: "0x0000000000000000000000000000000000000000", validFrom: NOW, validUntil: 0, fields: { name: `N${i}`, major: "M", graduatedOn: "D" } })));
    const batch = buildMerkleBatch(2, certs);
    const r = merkleReceipt(batch, 2, { chainId: 31337, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", type: { id: 2, name: "degree" } });
    expect(parseReceipt(JSON.parse(JSON.stringify(r)))).to.deep.equal(r);
    expect(checkReceipt(r)).to.deep.equal([]);
    expect(() => parseReceipt({ ...r, salt: "0x12" })).to.throw("not a certificate receipt: salt must be 32 bytes of hex");
    expect(checkReceipt({ ...r, holder: { ...r.holder, id: "someone else" } })).to.include("the holder id does not match the holder blind");
  });
});
