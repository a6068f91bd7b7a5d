package org.atende.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.atende.config.AtendeConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.config.flow.Survey;
import org.atende.ivr.speech.QueueSpeech;
import org.atende.media.player.PromptCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompt preloading: decodes every prompt the flows, queues and surveys use (and the spoken digits, and the words
 * of the queue announcements) before any call, so that playing never reads a file on an event loop. The
 * configuration check already refused missing or unsupported files; one that fails to load anyway is logged and
 * skipped.
 */
final class PromptPreload {

    private static final Logger log = LoggerFactory.getLogger(PromptPreload.class);

    private PromptPreload() {
    }

    /** A cache holding every prompt {@code config} can play. Runs on the starting thread. */
    static PromptCache load(AtendeConfig config) {
        Set<String> builtins = new TreeSet<>();
        Set<Path> files = new TreeSet<>();
        for (var flow : config.flows().values()) {
            for (var node : flow.nodes().values()) {
                collect(node, builtins, files);
            }
            flow.survey().ifPresent(survey -> collect(survey, builtins, files));
        }
        for (var queue : config.queues().values()) {
            queue.hold().forEach(p -> add(p, builtins, files));
            if (queue.announcePosition().isPresent() || queue.announceWait().isPresent()) {
                builtins.addAll(QueueSpeech.prompts());
            }
            queue.survey().ifPresent(survey -> collect(survey, builtins, files));
            queue.callback().ifPresent(cb -> {
                cb.offer().forEach(p -> add(p, builtins, files));
                builtins.addAll(org.atende.call.CallbackDialogue.PROMPTS);
                builtins.add(org.atende.call.CallbackDialogue.AGENT_PROMPT);
            });
        }
        if (!config.queues().isEmpty()) {
            builtins.addAll(org.atende.call.AgentFeature.PROMPTS); // the agents' feature codes say the agent's number
            addDigits(builtins);
        }
        config.numbers().forEach(n -> n.survey().ifPresent(survey -> collect(survey, builtins, files)));
        if (!config.flows().isEmpty()) {
            addDigits(builtins);
        }
        PromptCache prompts = new PromptCache();
        for (String b : builtins) {
            try {
                prompts.loadBuiltin(b);
            } catch (IOException e) {
                log.warn("prompt {} cannot be loaded: {}; it will be skipped", b, e.getMessage());
            }
        }
        for (Path f : files) {
            try {
                prompts.load(f);
            } catch (IOException e) {
                log.warn("prompt {} cannot be loaded: {}; it will be skipped", f, e.getMessage());
            }
        }
        if (prompts.size() > 0) {
            log.info("prompts: {} loaded, {} s of audio in memory", prompts.size(), prompts.samples() / 8000);
        }
        return prompts;
    }

    private static void addDigits(Set<String> builtins) {
        for (int d = 0; d <= 9; d++) {
            builtins.add("builtin:pt-BR/digitos/" + d + ".wav");
        }
    }

    private static void collect(Survey survey, Set<String> builtins, Set<Path> files) {
        survey.questions().forEach(q -> q.prompts().forEach(p -> add(p, builtins, files)));
        survey.thanks().forEach(p -> add(p, builtins, files));
    }

    private static void collect(Node node, Set<String> builtins, Set<Path> files) {
        List<Prompt> list = new ArrayList<>();
        if (node instanceof Node.Play p) {
            list.addAll(p.prompts());
        } else if (node instanceof Node.Menu m) {
            list.addAll(m.prompts());
            list.addAll(m.invalid());
            list.addAll(m.noInput());
        } else if (node instanceof Node.Collect c) {
            list.addAll(c.prompts());
            list.addAll(c.confirm());
            list.addAll(c.invalid());
        } else if (node instanceof Node.Hangup h) {
            list.addAll(h.prompts());
        }
        list.forEach(p -> add(p, builtins, files));
    }

    private static void add(Prompt p, Set<String> builtins, Set<Path> files) {
        if (p instanceof Prompt.File f) {
            String ref = f.path().toString();
            if (ref.startsWith(PromptCache.BUILTIN)) {
                builtins.add(ref);
            } else {
                files.add(f.path());
            }
        }
    }
}
