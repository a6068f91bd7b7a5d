package org.atende.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.atende.config.AtendeConfig;
import org.atende.config.ConfigException;
import org.atende.config.ConfigLoader;
import org.atende.config.ExtensionConfig;
import org.atende.engine.Engine;
import org.atende.sip.transport.ListenPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atende run [--config FILE]}: starts the engine and serves until SIGTERM or Ctrl-C. */
@Command(name = "run", description = "Start the engine (on the bundled demo configuration unless --config is given).",
        mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("org.atende");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // libraries that log through java.util.logging (jitsi-srtp) end up in our log, in our format
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        AtendeConfig cfg;
        try {
            cfg = config == null ? ConfigLoader.demo() : ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            var err = spec.commandLine().getErr();
            err.printf("%s: %d problem(s), not starting%n", config, e.problems().size());
            e.problems().forEach(p -> err.println("  " + p));
            return 2;
        }
        LogSetup.apply(cfg.logging());
        log.info("Atende starting on {} configuration{}", config == null ? "the bundled demo" : config.toString(),
                cfg.demo() ? " (demo mode)" : "");
        Engine engine = Engine.start(cfg);
        Thread hook = new Thread(engine::stop, "atende-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        describe(cfg, engine);
        engine.awaitTermination(Duration.ofDays(36500));
        return 0;
    }

    private static void describe(AtendeConfig cfg, Engine engine) {
        log.info("domain {}, {} extension(s), {} trunk(s), {} number(s), data in {}", cfg.server().domain(),
                cfg.extensions().size(), cfg.trunks().size(), cfg.numbers().size(), cfg.server().dataDir().toAbsolutePath().normalize());
        if (cfg.demo()) {
            ListenPoint p = engine.listenPoints().get(0);
            ExtensionConfig first = cfg.extensions().get(0);
            ExtensionConfig last = cfg.extensions().get(cfg.extensions().size() - 1);
            log.info("demo: point a softphone at {}:{} (UDP or TCP), user {} password {} (up to {}/{}), domain {}",
                    p.bound().getAddress().getHostAddress(), p.port(), first.number(), first.password(),
                    last.number(), last.password(), cfg.server().domain());
            cfg.numbers().forEach(n -> {
                if (n.flow() != null) {
                    log.info("demo: calls from the trunk to {} enter the voice menu {}", n.number(), n.flow());
                } else if (n.application() != null) {
                    log.info("demo: calls to {} reach the {} test{}", n.number(), n.application(),
                            n.record() ? " and are recorded in " + cfg.server().media().recordingsDir() : "");
                } else {
                    log.info("demo: calls from the trunk to {} ring extension {}", n.number(), n.extension());
                }
            });
            cfg.agents().agents().forEach(a -> log.info("demo: agent {} ({}) serves {}{}", a.id(), a.name(),
                    a.queues().keySet(), a.startAt().map(e -> ", logged in at " + e + ": register " + e
                            + " to take its calls").orElse(": log in from any extension with "
                            + cfg.agents().features().login() + " (agent number #, PIN #)")));
            cfg.queues().values().stream().filter(q -> !q.members().isEmpty()).forEach(q -> log.info(
                    "demo: queue {} has static members {}: register one of them to take its calls", q.name(),
                    q.members().stream().map(m -> m.extension()).toList()));
        }
    }
}
