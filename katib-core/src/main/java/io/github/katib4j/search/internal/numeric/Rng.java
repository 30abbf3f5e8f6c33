package io.github.katib4j.search.internal.numeric;

/**
 * A small, fully specified pseudo-random generator (xoshiro256** seeded through SplitMix64).
 *
 * <p>The search cores derive a fresh generator from a key such as (seed, generation, index) instead of drawing from
 * one long-lived stream, so any state can be rebuilt by replaying the same history. The algorithm is written out here
 * rather than taken from {@code java.util} so that a seed gives the same numbers on every JDK; the Gaussian uses
 * {@link StrictMath} for the same reason.
 */
public final class Rng {
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  private Rng(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
  }

  /** A generator determined by the whole key: equal keys give equal streams, different keys independent ones. */
  public static Rng of(long... key) {
    long h = 0x243F6A8885A308D3L;
    for (long k : key) {
      h = mix(h ^ mix(k + 0x9E3779B97F4A7C15L));
    }
    return new Rng(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long limit = (1L << 32) - ((1L << 32) % bound);
    while (true) {
      long r = nextLong() >>> 32;
      if (r < limit) {
        return (int) (r % bound);
      }
    }
  }

  /** Standard normal by Box-Muller; each call consumes exactly two uniforms, which keeps streams easy to follow. */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }
}
