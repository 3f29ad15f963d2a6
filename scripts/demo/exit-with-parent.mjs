// Preloaded (`node --import`) into every service the demo starts: when the demo goes away — even
// killed with SIGKILL, which no handler sees — the IPC channel closes and the service exits too.
if (process.channel) {
  process.on('disconnect', () => process.exit(0));
  process.channel.unref();
}
