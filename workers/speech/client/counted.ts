/** What a container walk found: the sample frames a decoder will output, at what rate, in how many channels. */
export interface Counted {
  /** Samples per channel, summed over every frame or packet the walk found. */
  frames: number;
  /** The rate they decode at (0 where no frame said). */
  rate: number;
  channels: number;
  /** Set when the sum of the parts' own durations differs from frames / rate (streams or frames at several rates). */
  seconds?: number;
}
