package cmt.kernel;

/**
 * A value rendered for Jupyter: the HTML a notebook shows (null for text only) and the plain text that
 * terminals, {@code jupyter console} and text exports show instead. Showing a {@code Rendered} shows it
 * as is.
 */
public record Rendered(String html, String text) {
}
