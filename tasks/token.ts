export const tokenTasks = [];
