import type { DoorTone } from "../domain/checkin/door-outcome";

/**
 * A sound and a buzz per result, so staff hear the answer while looking at the guest: a rising
 * two-note chime for welcome, two mid beeps for "already", a low buzz for a refusal.
 * Browsers only let a page make sound after a tap: `unlockSound()` runs on the start button.
 */
let audio: AudioContext | null = null;

export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    // No Web Audio: the colors and the vibration still tell.
  }
}

const SIGNALS: Record<DoorTone, { wave: OscillatorType; notes: Array<[hertz: number, start: number, length: number]>; vibrate: number[] }> = {
  welcome: {
    wave: "sine",
    notes: [
      [880, 0, 0.12],
      [1320, 0.14, 0.2],
    ],
    vibrate: [80],
  },
  already: {
    wave: "triangle",
    notes: [
      [560, 0, 0.16],
      [560, 0.24, 0.16],
    ],
    vibrate: [150, 100, 150],
  },
  refused: { wave: "square", notes: [[170, 0, 0.55]], vibrate: [400, 150, 400] },
  neutral: { wave: "sine", notes: [[660, 0, 0.1]], vibrate: [] },
};

export function signal(tone: DoorTone): void {
  const { wave, notes, vibrate } = SIGNALS[tone];
  if (vibrate.length) navigator.vibrate?.(vibrate);
  if (!audio || audio.state !== "running") return;
  const now = audio.currentTime;
  for (const [hertz, start, length] of notes) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = wave;
    oscillator.frequency.value = hertz;
    // A short fade in and out: no clicks.
    gain.gain.setValueAtTime(0, now + start);
    gain.gain.linearRampToValueAtTime(0.25, now + start + 0.01);
    gain.gain.setValueAtTime(0.25, now + start + length - 0.03);
    gain.gain.linearRampToValueAtTime(0, now + start + length);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(now + start);
    oscillator.stop(now + start + length + 0.01);
  }
}
