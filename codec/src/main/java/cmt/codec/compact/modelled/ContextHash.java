package cmt.codec.compact.modelled;

/** The hash of the modelled coding's contexts ({@code FORMAT.md} section 3.1): splitmix64's finaliser. */
final class ContextHash {
    private ContextHash() {
    }

    static long mix(long x) {
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        return x ^ (x >>> 29);
    }
}
