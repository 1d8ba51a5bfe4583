package cmt.codec;

/**
 * Receives the lines of a text trace that yield no event: blank lines, {@code #} comments, and lines
 * whose event a lenient reader dropped. Annotating tools copy them so that every input line is output.
 */
@FunctionalInterface
public interface LineListener {
    /** Line {@code number} (1-based) is {@code len} bytes of {@code buf} from {@code off}, right-stripped. */
    void line(long number, byte[] buf, int off, int len);
}
