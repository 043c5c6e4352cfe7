// TEMPORARY (verification only, until hardhat.config.ts registers nodeTasks): remove me.
import config from "./hardhat.config.js";
import { nodeTasks } from "./tasks/nodes.js";
export default { ...config, tasks: [...(config.tasks ?? []), ...nodeTasks] };
