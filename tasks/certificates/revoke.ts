import { statusChange } from "./status.js";

const revokeCertificate = statusChange("revoke");
export default revokeCertificate;
