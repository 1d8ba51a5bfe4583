package cmt.codec;

/**
 * What a reader does with events that the original tools treated as fatal.
 *
 * <p>Real recorders produce all of them, so {@link #LENIENT} rewrites each case in one fixed way and
 * counts what it changed (see {@link Repairs}); {@link #STRICT} stops at the first with a one-line error
 * that names the file and line.
 *
 * <table>
 * <caption>What {@code LENIENT} does</caption>
 * <tr><th>input</th><th>becomes</th></tr>
 * <tr><td>{@code free(NULL)}</td><td>dropped</td></tr>
 * <tr><td>free of a pointer that is not live</td><td>dropped</td></tr>
 * <tr><td>{@code realloc(NULL, n) = p} or realloc of a pointer that is not live</td><td>{@code malloc(n) = p}</td></tr>
 * <tr><td>{@code malloc(0) = p} (any zero-size allocation)</td><td>a 1-byte allocation</td></tr>
 * <tr><td>{@code realloc(p, 0) = NULL}</td><td>{@code free(p)}</td></tr>
 * <tr><td>{@code realloc(p, 0) = q}</td><td>{@code realloc(p, 1) = q}</td></tr>
 * <tr><td>an allocation returning NULL (it failed; a failed realloc leaves p live)</td><td>dropped</td></tr>
 * <tr><td>an allocation returning a pointer that is still live</td><td>a free of the old block first</td></tr>
 * </table>
 */
public enum Leniency {
    /** Stop at the first event the original tools would have rejected. */
    STRICT,
    /** Rewrite such events as documented above and count them. */
    LENIENT
}
