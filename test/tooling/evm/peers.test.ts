import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { artifacts, network } from "hardhat";
import { checkArtifacts } from "../../../tooling/evm/artifacts.js";
import { findPostLondonOpcodes } from "../../../tooling/evm/london.js";

// The benchmark peers of `npm run bench`: EAS (certificates) and Solv's ERC-3525 (receivables),
// compiled by our own build from their npm sources, for London.
const EAS_ROOT = "npm/@ethereum-attestation-service/eas-contracts@1.9.0/";
const ERC3525_ROOT = "npm/@solvprotocol/erc-3525@1.5.0/";
const PEERS = {
  SchemaRegistry: "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol:SchemaRegistry",
  EAS: "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol:EAS",
  ERC3525Peer: "contracts/peers/ERC3525Peer.sol:ERC3525Peer",
} as const;

interface BuildInfo {
  solcVersion: string;
  input: { sources: Record<string, unknown>; settings: { evmVersion?: string; remappings?: string[] } };
}

async function buildInfoOf(name: string): Promise<BuildInfo> {
  const id = await artifacts.getBuildInfoId(name);
  expect(id, `build info id of ${name}`).to.be.a("string");
  const file = await artifacts.getBuildInfoPath(id!);
  expect(file, `build info of ${name}`).to.be.a("string");
  return JSON.parse(await readFile(file!, "utf8")) as BuildInfo;
}

describe("benchmark peers are built here for London", () => {
  it("[EVM-04] EAS and its SchemaRegistry are compiled by our build from the EAS package's sources, for London", async () => {
    for (const name of ["EAS", "SchemaRegistry"] as const) {
      const artifact = await artifacts.readArtifact(name);
      expect(`${artifact.sourceName}:${artifact.contractName}`).to.equal(PEERS[name]);
      const inputSourceName = artifact.inputSourceName ?? "";
      expect(inputSourceName.startsWith(EAS_ROOT), inputSourceName).to.equal(true);
      expect(artifact.deployedBytecode.length).to.be.greaterThan(2);
      const info = await buildInfoOf(name);
      expect(info.solcVersion).to.equal("0.8.29");
      expect(info.input.settings.evmVersion).to.equal("london");
      expect(info.input.sources).to.have.property(inputSourceName);
    }
  });

  it("[EVM-04] EAS resolves OpenZeppelin to the 5.3.0 it was written for (no MCOPY in Bytes.sol); our contracts keep 5.4.0", async () => {
    const info = await buildInfoOf("EAS");
    const remappings = info.input.settings.remappings ?? [];
    expect(remappings).to.include(`${EAS_ROOT}:@openzeppelin/contracts/=npm/@openzeppelin/contracts@5.3.0/`);
    expect(remappings).to.include("project/:@openzeppelin/contracts/=npm/@openzeppelin/contracts@5.4.0/");
    const sources = Object.keys(info.input.sources);
    expect(sources).to.include("npm/@openzeppelin/contracts@5.3.0/utils/cryptography/SignatureChecker.sol");
    expect(sources).not.to.include("npm/@openzeppelin/contracts@5.3.0/utils/Bytes.sol");
    // Our token is still built against 5.4.0.
    const ours = await buildInfoOf("SettlementToken");
    expect(Object.keys(ours.input.sources)).to.include("npm/@openzeppelin/contracts@5.4.0/token/ERC20/ERC20.sol");
  });

  it("[EVM-04] the ERC-3525 peer is compiled by our build from Solv's package sources, for London", async () => {
    const info = await buildInfoOf("ERC3525Peer");
    expect(info.solcVersion).to.equal("0.8.29");
    expect(info.input.settings.evmVersion).to.equal("london");
    expect(info.input.sources).to.have.property(`${ERC3525_ROOT}ERC3525.sol`);
    expect(info.input.sources).to.have.property("project/contracts/peers/ERC3525Peer.sol");
  });

  it("[EVM-04] the London check reads every deployable contract Hardhat built, the peers included, and finds no post-London opcode in the peers", async () => {
    const checked = await checkArtifacts("artifacts");
    const names = checked.map((c) => c.contract);
    for (const fqn of Object.values(PEERS)) expect(names).to.include(fqn);
    // Everything Hardhat built outside the Solidity tests' own folder, that has runtime code.
    for (const fqn of await artifacts.getAllFullyQualifiedNames()) {
      if (fqn.startsWith("test/")) continue;
      const artifact = await artifacts.readArtifact(fqn);
      if (artifact.deployedBytecode === "0x" || artifact.deployedBytecode === "") continue;
      expect(names, fqn).to.include(fqn);
    }
    for (const c of checked.filter((x) => (Object.values(PEERS) as string[]).includes(x.contract))) {
      expect(c.forbidden, c.contract).to.deep.equal([]);
    }
  });

  it("[EVM-02] the peers run on the London test network: deployed code has no post-London opcode and their main calls succeed", async () => {
    const { ethers } = await network.getOrCreate();
    const [, holder, buyer] = await ethers.getSigners();
    const schemas = await ethers.deployContract("SchemaRegistry");
    const eas = await ethers.deployContract("EAS", [await schemas.getAddress()]);
    const erc3525 = await ethers.deployContract("ERC3525Peer");
    for (const c of [schemas, eas, erc3525]) {
      const code = await ethers.provider.getCode(await c.getAddress());
      expect(code.length).to.be.greaterThan(2);
      expect(findPostLondonOpcodes(code)).to.deep.equal([]);
    }
    const schema = "bytes32 digest";
    await (await schemas.register(schema, ethers.ZeroAddress, true)).wait();
    const uid = ethers.solidityPackedKeccak256(["string", "address", "bool"], [schema, ethers.ZeroAddress, true]);
    const data = { recipient: ethers.ZeroAddress, expirationTime: 0n, revocable: true, refUID: ethers.ZeroHash, data: ethers.ZeroHash, value: 0n };
    expect((await (await eas.attest({ schema: uid, data })).wait())?.status).to.equal(1);
    await (await erc3525.mint(holder.address, 1n, 100n)).wait();
    await (await erc3525.connect(holder)["transferFrom(uint256,address,uint256)"](1n, buyer.address, 40n)).wait();
    expect(await erc3525["balanceOf(uint256)"](1n)).to.equal(60n);
    expect(await erc3525["balanceOf(uint256)"](2n)).to.equal(40n);
  });
});
