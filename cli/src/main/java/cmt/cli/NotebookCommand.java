package cmt.cli;

import cmt.kernel.Kernelspec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cmt notebook}: installs the kernelspec into a project-local prefix (nothing outside it changes)
 * and runs Jupyter Notebook with that prefix on {@code JUPYTER_PATH} on the user's own copies of the
 * bundled notebooks ({@link Workspace}), opening the quickstart first, so that a newcomer's first command
 * lands on something that runs and nothing they do edits the committed notebooks. Ctrl-C or SIGTERM stops
 * Jupyter (and its kernels) and ends with status 0: a stop the user asked for is not a failure.
 */
@Command(name = "notebook",
        mixinStandardHelpOptions = true,
        description = {
            "Start Jupyter Notebook with the \"Java (cmt)\" kernel, installed into a local prefix first (your "
                    + "own Jupyter setup is left alone), on your own copies of the notebooks: the folder "
                    + "notebooks/ is copied into the workspace (default: workspace/) once, and a copy you "
                    + "changed is never replaced. --dir opens a folder of yours as it is instead.",
            "The browser and the printed address open " + NotebookCommand.FIRST + " when the folder has one "
                    + "and no notebook is named. Ctrl-C stops Jupyter and its kernels.",
            "Any other argument goes to `jupyter notebook` (e.g. --no-browser --port=8899, or a notebook to "
                    + "open). ./cmt notebook runs this from the repository root."},
        footer = {"", "Examples:",
            "  ./cmt notebook",
            "  ./cmt notebook --no-browser --port=8899",
            "  ./cmt notebook workspace/teaching.ipynb",
            "  cmt notebook --dir ~/studies --prefix ~/studies/.jupyter"})
public final class NotebookCommand implements Callable<Integer> {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** The notebook opened when none is named. */
    static final String FIRST = "quickstart.ipynb";

    @Option(names = "--dir", paramLabel = "DIR",
            description = "A folder of yours for Jupyter to open as it is, instead of the workspace.")
    Path dir;

    @Option(names = "--workspace", paramLabel = "DIR", defaultValue = "workspace",
            description = "Where your copies of the bundled notebooks are kept (default: ${DEFAULT-VALUE}; "
                    + "beside notebooks/, so that their ../samples paths hold).")
    Path workspace;

    /** The bundled notebooks, relative to where ./cmt runs (the repository's root). */
    static final Path ORIGINALS = Path.of("notebooks");

    @Option(names = "--prefix", paramLabel = "DIR", defaultValue = "build/jupyter",
            description = "Where the kernelspec is installed (default: ${DEFAULT-VALUE}).")
    Path prefix;

    @Option(names = "--jupyter", paramLabel = "PATH", defaultValue = "/usr/bin/jupyter",
            description = "The Jupyter command (default: ${DEFAULT-VALUE}, Debian's; other Pythons on PATH "
                    + "may lack the notebook).")
    Path jupyter;

    @CommandLine.Mixin
    KernelCommand.Setup setup = new KernelCommand.Setup();

    /** Anything this command does not know, options included, is for Jupyter. */
    @CommandLine.Unmatched
    List<String> jupyterArgs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isExecutable(jupyter)) {
            throw new CommandLine.ParameterException(spec.commandLine(), jupyter
                    + ": not found (on Debian: apt-get install jupyter-notebook), or pass --jupyter");
        }
        if (dir == null) {
            if (!Files.isDirectory(ORIGINALS)) {
                throw new CommandLine.ParameterException(spec.commandLine(), ORIGINALS.toAbsolutePath()
                        + ": no bundled notebooks here (run ./cmt notebook from the repository), or pass --dir");
            }
            for (String note : Workspace.update(ORIGINALS, workspace)) {
                System.err.println("cmt: " + note);
            }
            dir = workspace;
            System.err.println("cmt: your copies of the notebooks are in " + workspace.toAbsolutePath().normalize()
                    + " (" + ORIGINALS + "/ stays as committed)");
        } else if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + ": no such folder");
        }
        Path kernelspec = setup.install(Kernelspec.prefixKernels(prefix), false, spec);
        System.err.println("cmt: kernelspec \"" + Kernelspec.DISPLAY_NAME + "\" in " + kernelspec);
        ProcessBuilder pb = new ProcessBuilder(command()).inheritIO();
        environment(pb.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(jupyter + ": cannot start: " + e.getMessage(), e);
        }
        // Ctrl-C and SIGTERM start this JVM's shutdown; the hook stops Jupyter (SIGTERM: it shuts its kernels
        // down), waits for it, and ends the process with status 0 itself, since the JVM would end a
        // signalled process with 128 + the signal and the user asked for the stop.
        Thread stop = new Thread(() -> {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "cmt notebook stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int status = p.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // A signal: the hook is stopping Jupyter and will end the process.
            stop.join();
        }
        return status;
    }

    /** The Jupyter command line. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        // In a session of its own, the terminal's Ctrl-C reaches only this JVM, which stops Jupyter; sent to
        // Jupyter too, it would ask on the terminal whether to shut down.
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(List.of(jupyter.toString(), "notebook", "--notebook-dir=" + dir.toAbsolutePath().normalize()));
        // Jupyter refuses to run as root without this; containers and CI machines often are root.
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-root");
        }
        // The quickstart as the server's front page: the browser opens it, and so does the address Jupyter
        // prints (a notebook named on the command line would open only in the browser Jupyter starts).
        if (jupyterArgs.stream().noneMatch(a -> a.endsWith(".ipynb") || a.contains("default_url"))
                && Files.isRegularFile(dir.resolve(FIRST))) {
            cmd.add("--NotebookApp.default_url=/notebooks/" + FIRST);
        }
        cmd.addAll(jupyterArgs);
        return cmd;
    }

    /** Puts the prefix first on JUPYTER_PATH, keeping what was there. */
    void environment(Map<String, String> env) {
        String local = prefix.resolve("share/jupyter").toAbsolutePath().normalize().toString();
        String old = env.get("JUPYTER_PATH");
        env.put("JUPYTER_PATH", old == null || old.isBlank() ? local : local + File.pathSeparator + old);
    }
}
