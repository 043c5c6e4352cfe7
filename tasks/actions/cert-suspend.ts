import { statusChange } from "./cert-status.js";

export default statusChange("suspend");
