import { statusChange } from "./status.js";

const suspendCertificate = statusChange("suspend");
export default suspendCertificate;
