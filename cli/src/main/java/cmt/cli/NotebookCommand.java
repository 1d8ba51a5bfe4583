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
 * and runs Jupyter Notebook on the notebooks folder with that prefix on {@code JUPYTER_PATH}, opening the
 * quickstart notebook first, so that a newcomer's first command lands on something that runs.
 */
@Command(name = "notebook",
        mixinStandardHelpOptions = true,
        description = {
            "Start Jupyter Notebook on the notebooks folder with the \"Java (cmt)\" kernel, installed into a "
                    + "local prefix first (your own Jupyter setup is left alone).",
            "The browser opens " + NotebookCommand.FIRST + " when the folder has one and no notebook is named.",
            "Any other argument goes to `jupyter notebook` (e.g. --no-browser --port=8899, or a notebook to "
                    + "open). ./cmt notebook runs this from the repository root."},
        footer = {"", "Examples:",
            "  ./cmt notebook",
            "  ./cmt notebook --no-browser --port=8899",
            "  ./cmt notebook notebooks/teaching.ipynb",
            "  cmt notebook --dir ~/studies --prefix ~/studies/.jupyter"})
public final class NotebookCommand implements Callable<Integer> {
    /** The notebook opened when none is named. */
    static final String FIRST = "quickstart.ipynb";

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "notebooks",
            description = "Folder Jupyter opens (default: ${DEFAULT-VALUE}).")
    Path dir;

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
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + ": no such folder");
        }
        Path kernelspec = setup.install(Kernelspec.prefixKernels(prefix), false, spec);
        System.err.println("cmt: kernelspec \"" + Kernelspec.DISPLAY_NAME + "\" in " + kernelspec);
        ProcessBuilder pb = new ProcessBuilder(command()).inheritIO();
        environment(pb.environment());
        try {
            Process p = pb.start();
            // Ctrl-C reaches this JVM and Jupyter alike; Jupyter would ask on the terminal whether to stop, after
            // this JVM is gone. Stopping Jupyter with it (SIGTERM: its kernels are shut down) is what a user means.
            Thread stop = new Thread(() -> {
                p.destroy();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(stop);
            int status = p.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(jupyter + ": cannot start: " + e.getMessage(), e);
        }
    }

    /** The Jupyter command line. */
    List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(jupyter.toString(), "notebook",
                "--notebook-dir=" + dir.toAbsolutePath().normalize()));
        // Jupyter refuses to run as root without this; containers and CI machines often are root.
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-root");
        }
        cmd.addAll(jupyterArgs);
        Path first = dir.resolve(FIRST);
        if (jupyterArgs.stream().noneMatch(a -> a.endsWith(".ipynb")) && Files.isRegularFile(first)) {
            cmd.add(first.toAbsolutePath().normalize().toString());
        }
        return cmd;
    }

    /** Puts the prefix first on JUPYTER_PATH, keeping what was there. */
    void environment(Map<String, String> env) {
        String local = prefix.resolve("share/jupyter").toAbsolutePath().normalize().toString();
        String old = env.get("JUPYTER_PATH");
        env.put("JUPYTER_PATH", old == null || old.isBlank() ? local : local + File.pathSeparator + old);
    }
}
