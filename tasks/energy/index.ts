import { auctionTasks } from "./auction-index.js";

// The energy system's market:* tasks, one list per part (each part's definitions in its own file).
export const energyTasks = [...auctionTasks];
