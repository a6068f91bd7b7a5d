package org.atende.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atende.config.AtendeConfig;
import org.atende.config.ConfigException;
import org.atende.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code atende config check FILE}: validates a configuration file and lists every problem. */
@Command(name = "config", description = "Configuration tools.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Demo.class}, mixinStandardHelpOptions = true)
final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = "Validate a configuration file; exit 1 with every problem listed.",
            mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the YAML configuration file")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                AtendeConfig config = ConfigLoader.load(file, System.getenv());
                spec.commandLine().getOut().printf("%s: OK (%d extensions, %d trunks, %d numbers%s)%n", file,
                        config.extensions().size(), config.trunks().size(), config.numbers().size(),
                        config.demo() ? ", demo mode" : "");
                return 0;
            } catch (ConfigException e) {
                var err = spec.commandLine().getErr();
                err.printf("%s: %d problem(s)%n", file, e.problems().size());
                e.problems().forEach(p -> err.println("  " + p));
                return 1;
            }
        }
    }

    @Command(name = "demo", description = "Print the bundled demo configuration (a starting point for your own).",
            mixinStandardHelpOptions = true)
    static final class Demo implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (var in = ConfigLoader.class.getResourceAsStream("/org/atende/config/demo.yaml")) {
                var out = spec.commandLine().getOut();
                out.print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            }
            return 0;
        }
    }
}
