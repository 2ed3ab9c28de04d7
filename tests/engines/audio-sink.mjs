// An audio output for the browsers under test: this machine (like most CI machines) has no sound card,
// and Firefox then never starts Web Audio (an AudioContext stays suspended), so the microphone could not
// be tested there. A PulseAudio null sink is enough; each browser finds it through PULSE_SERVER.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PULSEAUDIO = '/usr/bin/pulseaudio';

/** Starts the sink and points PULSE_SERVER at it; `stop()` ends it. */
export async function startAudioSink() {
  const dir = mkdtempSync(join(tmpdir(), 'inpage-pulse-'));
  const socket = join(dir, 'native');
  const daemon = spawn(
    PULSEAUDIO,
    ['--daemonize=no', '--exit-idle-time=-1', '-n', '--load=module-null-sink sink_name=inpage', `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`],
    { stdio: 'ignore', env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir } },
  );
  const end = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (daemon.exitCode !== null || Date.now() > end) throw new Error(`PulseAudio did not start (exit code ${daemon.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.PULSE_SERVER = `unix:${socket}`;
  return {
    stop() {
      delete process.env.PULSE_SERVER;
      daemon.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
