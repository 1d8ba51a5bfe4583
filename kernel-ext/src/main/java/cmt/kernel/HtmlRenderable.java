package cmt.kernel;

/**
 * A value that shows itself as HTML in a notebook.
 *
 * <p>Implementing this interface is optional: the kernel looks for a public {@code String toHtml()}
 * method by name, so result types of modules that must not depend on the kernel (dsl, replay) render the
 * same way by just declaring that method. Records of cmt's own packages without one are shown as a table
 * of their components (see {@link Notebook}).
 */
public interface HtmlRenderable {
    /** An HTML fragment (no {@code <html>} or {@code <body>}), shown in place of {@code toString()}. */
    String toHtml();
}
