package org.atende.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atende}: the command line of the Atende PBX and contact-center engine. */
@Command(name = "atende",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Atende: PBX and contact-center engine (SIP, IVR, ACD).",
        subcommands = {RunCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class AtendeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AtendeCommand()).execute(args));
    }
}
