package cmt.kernel;

/**
 * Where {@link Notebook}'s output goes: the running kernel ({@link IJavaKernel}, {@link JJavaExtension})
 * or, outside any kernel (a plain program, a test), standard output as text.
 */
interface Frontend {
    /** Shows a value as a new output, rendered by the kernel's renderers. */
    void show(Object value);

    /** Shows a new output that {@link #update} can replace later. */
    void display(String id, Rendered r);

    /** Replaces the output with that display id, wherever it is in the notebook. */
    void update(String id, Rendered r);

    /** Text on a stream: what a program gets when no kernel is running. */
    final class Console implements Frontend {
        @Override
        public void show(Object value) {
            System.out.println(Renderers.text(value));
        }

        @Override
        public void display(String id, Rendered r) {
            System.out.println(r.text());
        }

        @Override
        public void update(String id, Rendered r) {
            System.out.println(r.text());
        }
    }
}
