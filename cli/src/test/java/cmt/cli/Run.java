package cmt.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and captures its exit status and stderr. */
record Run(int status, String err) {
    static Run of(String... args) {
        CommandLine cl = Cmt.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, err.toString());
    }
}
