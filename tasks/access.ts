export const accessTasks = [];
