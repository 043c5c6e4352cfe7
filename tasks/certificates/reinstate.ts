import { statusChange } from "./status.js";

const reinstateCertificate = statusChange("reinstate");
export default reinstateCertificate;
