package cmt.codec;

/** Receives the lines of a text trace that are not events (blank lines and {@code #} comments). */
@FunctionalInterface
public interface LineListener {
    /** Line {@code number} (1-based) is {@code len} bytes of {@code buf} from {@code off}, right-stripped. */
    void line(long number, byte[] buf, int off, int len);
}
