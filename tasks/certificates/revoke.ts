import { statusChange } from "./status.js";

export default statusChange("revoke");
