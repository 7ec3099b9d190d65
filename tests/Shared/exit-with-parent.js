// Preloaded into the Azurite a test or benchmark starts (node -r): when the process that started it (its pid in
// LIUHU_PARENT_PID) is no longer its parent (a test host killed on a time-out never runs its fixtures' Dispose),
// this Azurite exits instead of living on and holding a CPU share of the next runs. The pid is passed rather than
// read at start because a starter may already be gone by the time node reads it.
const parent = Number(process.env.LIUHU_PARENT_PID);
if (parent > 0) {
  const check = () => {
    if (process.ppid !== parent) {
      process.exit(0);
    }
  };
  check();
  setInterval(check, 1000).unref();
}
