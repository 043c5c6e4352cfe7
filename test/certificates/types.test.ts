import { expect } from "chai";
import { AbiCoder, keccak256 } from "ethers";
import {
  BIRTH,
  certFixture,
  CIVIL,
  DEGREE,
  governanceCall,
  issueOne,
  LICENCE,
  LICENSING,
  MARRIAGE,
  prepareOne,
  TYPE_SPECS,
  UNIVERSITY,
} from "../kit/certificates.js";
import { executeTx } from "../kit/consortium.js";
import { encodeTerms } from "../../lib/certificates/index.js";
import { ROLES } from "../../lib/access/roles.js";

const fieldsHash = (fields: string[]) => keccak256(AbiCoder.defaultAbiCoder().encode(["string[]"], [fields]));

describe("certificates: types and issuer keys", () => {
  it("[CERT-01] a PLATFORM_OPERATOR registers a type: name, members, default validity, flags, field-list hash stored, field list emitted", async () => {
    const { registry, operator } = await certFixture();
    const fields = ["holderName", "qualification", "level"];
    await expect(registry.connect(operator).registerType("Vocational qualification (职业资格证书)", fields, 3 * 365 * 86400, true, true, [CIVIL, LICENSING]))
      .to.emit(registry, "TypeRegistered")
      .withArgs(5, "Vocational qualification (职业资格证书)", fields, fieldsHash(fields), 3 * 365 * 86400, true, true, operator.address);
    const t = await registry.getType(5);
    expect(t.name).to.equal("Vocational qualification (职业资格证书)");
    expect(t.fieldsHash).to.equal(fieldsHash(fields));
    expect(t.defaultValidity).to.equal(3n * 365n * 86400n);
    expect([t.revocable, t.suspendable]).to.deep.equal([true, true]);
    expect(await registry.isTypeIssuer(5, CIVIL)).to.equal(true);
    expect(await registry.isTypeIssuer(5, LICENSING)).to.equal(true);
    expect(await registry.isTypeIssuer(5, UNIVERSITY)).to.equal(false);
    expect(await registry.typeCount()).to.equal(5n);
    // The fixture's types carry their own definitions.
    expect((await registry.getType(LICENCE)).fieldsHash).to.equal(fieldsHash(TYPE_SPECS[LICENCE].fields));
  });

  it("[CERT-01] governance registers a type through a CallModule proposal", async () => {
    const f = await certFixture();
    const data = f.registry.interface.encodeFunctionData("registerType", ["Residence permit (居住证)", ["name", "address"], 365 * 86400, true, false, [CIVIL]]);
    await expect(governanceCall(f, await f.registry.getAddress(), data))
      .to.emit(f.registry, "TypeRegistered")
      .withArgs(5, "Residence permit (居住证)", ["name", "address"], fieldsHash(["name", "address"]), 365 * 86400, true, false, await f.consortium.getAddress());
  });

  it("[CERT-01] anyone else, malformed definitions and duplicate names are refused", async () => {
    const { registry, operator, civilAdmin, civilClerk } = await certFixture();
    for (const who of [civilAdmin, civilClerk]) {
      await expect(registry.connect(who).registerType("X", ["a"], 0, true, true, [CIVIL]))
        .to.be.revertedWithCustomError(registry, "NotOperator")
        .withArgs(who.address);
    }
    const op = registry.connect(operator);
    await expect(op.registerType("", ["a"], 0, true, true, [])).to.be.revertedWithCustomError(registry, "InvalidTypeDefinition").withArgs("name must be 1..64 bytes");
    await expect(op.registerType("X", [], 0, true, true, [])).to.be.revertedWithCustomError(registry, "InvalidTypeDefinition").withArgs("1..64 fields");
    await expect(op.registerType("X", ["a", ""], 0, true, true, [])).to.be.revertedWithCustomError(registry, "InvalidTypeDefinition").withArgs("field names must be 1..64 bytes");
    await expect(op.registerType("X", ["a", "b", "a"], 0, true, true, [])).to.be.revertedWithCustomError(registry, "InvalidTypeDefinition").withArgs("duplicate field name");
    await expect(op.registerType(TYPE_SPECS[DEGREE].name, ["a"], 0, true, true, [])).to.be.revertedWithCustomError(registry, "TypeNameTaken").withArgs(DEGREE);
    await expect(op.registerType("X", ["a"], 0, true, true, [99])).to.be.revertedWithCustomError(registry, "UnknownMember").withArgs(99);
    await expect(registry.getType(0)).to.be.revertedWithCustomError(registry, "UnknownType").withArgs(0);
    await expect(registry.getType(77)).to.be.revertedWithCustomError(registry, "UnknownType").withArgs(77);
  });

  it("[CERT-02] a member admin enrols its own accounts as issuer keys; others, foreign accounts and disallowed types are refused", async () => {
    const { registry, civilAdmin, uniAdmin, civilClerk, civilClerk2, uniClerk, outsider } = await certFixture();
    expect(await registry.issuerOf(civilClerk.address)).to.deep.equal([BigInt(CIVIL), [BigInt(MARRIAGE), BigInt(BIRTH)], false]);
    expect(await registry.issuerMember(civilClerk.address)).to.equal(BigInt(CIVIL));
    await expect(registry.connect(civilAdmin).setIssuer(civilClerk2.address, [MARRIAGE, BIRTH], true))
      .to.emit(registry, "IssuerSet")
      .withArgs(civilClerk2.address, CIVIL, [MARRIAGE, BIRTH], true, civilAdmin.address);
    // Not an admin of the account's member.
    await expect(registry.connect(uniAdmin).setIssuer(civilClerk.address, [MARRIAGE], false))
      .to.be.revertedWithCustomError(registry, "NotMemberAdmin")
      .withArgs(uniAdmin.address, CIVIL);
    // A clerk is no admin.
    await expect(registry.connect(civilClerk).setIssuer(civilClerk2.address, [MARRIAGE], false))
      .to.be.revertedWithCustomError(registry, "NotMemberAdmin")
      .withArgs(civilClerk.address, CIVIL);
    await expect(registry.connect(civilAdmin).setIssuer(outsider.address, [MARRIAGE], false))
      .to.be.revertedWithCustomError(registry, "NotMemberAccount")
      .withArgs(outsider.address);
    await expect(registry.connect(uniAdmin).setIssuer(uniClerk.address, [MARRIAGE], false))
      .to.be.revertedWithCustomError(registry, "MemberNotAllowedForType")
      .withArgs(MARRIAGE, UNIVERSITY);
    await expect(registry.connect(uniAdmin).setIssuer(uniClerk.address, [9], false)).to.be.revertedWithCustomError(registry, "UnknownType").withArgs(9);
    await expect(registry.connect(civilAdmin).setIssuer(civilClerk.address, [1, 1, 1, 1, 4], false))
      .to.be.revertedWithCustomError(registry, "TooManyTypes")
      .withArgs(5, 4);
  });

  it("[CERT-02] an any-type key issues every type its member may issue, and nothing else", async () => {
    const { registry, civilAdmin, civilClerk2 } = await certFixture();
    await registry.connect(civilAdmin).setIssuer(civilClerk2.address, [], true);
    await issueOne(registry, civilClerk2, MARRIAGE);
    await issueOne(registry, civilClerk2, BIRTH);
    const c = prepareOne(DEGREE);
    await expect(registry.connect(civilClerk2).issue(c.id, encodeTerms({ typeId: DEGREE })))
      .to.be.revertedWithCustomError(registry, "TypeNotAllowed")
      .withArgs(civilClerk2.address, DEGREE);
  });

  it("[CERT-03] stopping a member issuing a type strips it from all its keys at once", async () => {
    const { registry, operator, civilClerk, civilClerk2 } = await certFixture();
    await expect(registry.connect(operator).setTypeIssuer(MARRIAGE, CIVIL, false))
      .to.emit(registry, "TypeIssuerChanged")
      .withArgs(MARRIAGE, CIVIL, false, operator.address)
      .and.to.emit(registry, "IssuerSet")
      .withArgs(civilClerk.address, CIVIL, [BIRTH], false, operator.address);
    expect((await registry.issuerOf(civilClerk2.address))[1]).to.deep.equal([]);
    const c = prepareOne(MARRIAGE);
    await expect(registry.connect(civilClerk).issue(c.id, encodeTerms({ typeId: MARRIAGE })))
      .to.be.revertedWithCustomError(registry, "TypeNotAllowed")
      .withArgs(civilClerk.address, MARRIAGE);
    await issueOne(registry, civilClerk, BIRTH); // the other type still works
    await expect(registry.connect(operator).setTypeIssuer(MARRIAGE, CIVIL, false))
      .to.be.revertedWithCustomError(registry, "TypeIssuerUnchanged")
      .withArgs(MARRIAGE, CIVIL, false);
    await expect(registry.connect(operator).setTypeIssuer(0, CIVIL, true)).to.be.revertedWithCustomError(registry, "UnknownType").withArgs(0);
    await registry.connect(operator).setTypeIssuer(MARRIAGE, CIVIL, true);
    expect(await registry.isTypeIssuer(MARRIAGE, CIVIL)).to.equal(true);
  });

  it("[CERT-03] a member admin withdraws a key at once (key rotation); only its own member's admin can", async () => {
    const { registry, civilAdmin, uniAdmin, civilClerk, civilClerk2 } = await certFixture();
    await expect(registry.connect(uniAdmin).removeIssuer(civilClerk.address))
      .to.be.revertedWithCustomError(registry, "NotMemberAdmin")
      .withArgs(uniAdmin.address, CIVIL);
    await expect(registry.connect(civilAdmin).removeIssuer(civilClerk.address))
      .to.emit(registry, "IssuerRemoved")
      .withArgs(civilClerk.address, CIVIL, civilAdmin.address);
    const c = prepareOne(MARRIAGE);
    await expect(registry.connect(civilClerk).issue(c.id, encodeTerms({ typeId: MARRIAGE })))
      .to.be.revertedWithCustomError(registry, "IssuerNotEnrolled")
      .withArgs(civilClerk.address);
    await expect(registry.connect(civilAdmin).removeIssuer(civilClerk.address))
      .to.be.revertedWithCustomError(registry, "IssuerNotEnrolled")
      .withArgs(civilClerk.address);
    // Rotation: the member's other key keeps issuing.
    await issueOne(registry, civilClerk2, MARRIAGE);
  });

  // CERT-72 changed this rule: the removal's own push clears the key, so syncIssuer finds it in sync.
  it("[CERT-03][CERT-72] a key removed from its member in the consortium is cleared by the removal itself; syncIssuer then has nothing to do", async () => {
    const f = await certFixture();
    const { registry, consortium, civilAdmin, civilClerk2, outsider } = f;
    await expect(registry.syncIssuer(civilClerk2.address)).to.be.revertedWithCustomError(registry, "IssuerInSync").withArgs(civilClerk2.address);
    // Roles must go (by vote) before the account can leave its member.
    await executeTx(f.consortium, f.admins, "RevokeRole", [civilClerk2.address, ROLES.CERT_ISSUER]);
    await expect(consortium.connect(civilAdmin).removeAccount(civilClerk2.address))
      .to.emit(registry, "IssuerRemoved")
      .withArgs(civilClerk2.address, CIVIL, await consortium.getAddress());
    expect((await registry.issuerOf(civilClerk2.address))[0]).to.equal(0n);
    await expect(registry.connect(outsider).syncIssuer(civilClerk2.address))
      .to.be.revertedWithCustomError(registry, "IssuerInSync")
      .withArgs(civilClerk2.address);
  });
});
