import { expect } from "chai";
import { findPostLondonOpcodes, executableLength } from "../../../tooling/evm/london.js";
import { DEFAULT_RULES, deployConsortium, ethers } from "../../kit/consortium.js";
import { deployCertificateModules } from "../../kit/certificates.js";

// A minimal solc-style metadata trailer: CBOR map {"solc": 0x00081c} and its 2-byte length.
const TRAILER = "a164736f6c634300081c" + "000a";

describe("London compatibility", () => {
  it("[EVM-01] finds PUSH0, MCOPY, TLOAD and TSTORE as opcodes", () => {
    const found = findPostLondonOpcodes("0x5f5e5c5d00" + TRAILER);
    expect(found.map((f) => f.opcode)).to.deep.equal(["PUSH0", "MCOPY", "TLOAD", "TSTORE"]);
    expect(found.map((f) => f.offset)).to.deep.equal([0, 1, 2, 3]);
  });

  it("[EVM-01] ignores the same bytes inside PUSH immediates and the metadata trailer", () => {
    // PUSH1 0x5f; PUSH2 0x5e5c; STOP; then a trailer whose CBOR holds a 0x5f byte
    const trailer = "a1615f00" + "0004";
    expect(findPostLondonOpcodes("0x605f615e5c00" + trailer)).to.deep.equal([]);
    expect(executableLength(Uint8Array.from([0x00, 0xa1, 0x61, 0x5f, 0x00, 0x00, 0x04]))).to.equal(1);
  });

  it("[EVM-02] every contract deployed by the test fixture runs on London (no post-London opcode)", async () => {
    // The kit's consortium and token with every system's modules (today the certificate ones).
    const f = await deployConsortium(DEFAULT_RULES, { modules: ({ consortium }) => deployCertificateModules(consortium) });
    for (const c of [f.consortium, f.token, ...Object.values(f.modules)]) {
      const code = await ethers.provider.getCode(await c.getAddress());
      expect(code.length).to.be.greaterThan(2);
      expect(findPostLondonOpcodes(code)).to.deep.equal([]);
    }
  });

  it("[EVM-03] the in-process test network is London: PUSH0 is an invalid opcode there", async () => {
    const [signer] = await ethers.getSigners();
    // Init code PUSH0 PUSH0 RETURN: deploys empty code on Shanghai+, aborts on London.
    const tx = signer.sendTransaction({ data: "0x5f5ff3", gasLimit: 100_000 });
    await expect(tx).to.be.rejected;
    // The same code written with PUSH1 0 deploys fine, so only PUSH0 made the difference.
    const ok = await (await signer.sendTransaction({ data: "0x60006000f3", gasLimit: 100_000 })).wait();
    expect(ok?.status).to.equal(1);
  });
});

