package org.atende.ivr;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Node.Rule;
import org.atende.config.flow.Node.Target;
import org.atende.config.flow.Prompt;

/**
 * Builds small well-formed random flows from a list of choices (jqwik generates and shrinks the list): every
 * reference resolves, menus and collects have retries, cycles are allowed. Routes to flow {@code main} re-enter
 * the same flow; routes to flow {@code nowhere} do not resolve.
 */
final class RandomFlows {

    static final String KEYS = "0123456789*#";

    /** Reads choices in order, starting over once they run out (0 if there are none). */
    static final class Choices {
        private final List<Integer> values;
        private int next;

        Choices(List<Integer> values) {
            this.values = values;
        }

        int next(int bound) {
            return values.isEmpty() ? 0 : Math.floorMod(values.get(next++ % values.size()), bound);
        }

        boolean flag() {
            return next(2) == 1;
        }

        boolean exhausted() {
            return next >= values.size();
        }
    }

    private RandomFlows() {
    }

    static FlowConfig build(List<Integer> shape) {
        Choices c = new Choices(shape);
        int n = 2 + c.next(8);
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = "n" + i;
            // the first node waits for something (so calls get going); later ones are any kind, menus and collects
            // twice as likely
            int kind = i == 0 ? new int[] {0, 1, 2, 3} [c.next(4)] : c.next(13);
            nodes.put(name, node(name, kind > 10 ? kind - 10 : kind, c, n));
        }
        return new FlowConfig("main", "n0", nodes, Optional.empty());
    }

    private static String ref(Choices c, int n) {
        return "n" + c.next(n);
    }

    private static List<Prompt> prompts(Choices c) {
        List<Prompt> p = new ArrayList<>();
        int count = c.next(3);
        for (int i = 0; i < count; i++) {
            p.add(switch (c.next(4)) {
                case 0 -> new Prompt.Tone("beep", Duration.ofMillis(200));
                case 1 -> new Prompt.Silence(Duration.ofMillis(300));
                case 2 -> new Prompt.SayDigits("v" + c.next(3));
                default -> new Prompt.File(Path.of("p" + c.next(5) + ".wav"));
            });
        }
        return p;
    }

    private static Duration seconds(Choices c) {
        return Duration.ofSeconds(1 + c.next(6));
    }

    private static Node node(String name, int kind, Choices c, int n) {
        switch (kind) {
            case 0:
                return new Node.Play(name, prompts(c), c.flag(), ref(c, n));
            case 1: {
                Map<Character, String> options = new HashMap<>();
                int count = 1 + c.next(3);
                for (int i = 0; i < count; i++) {
                    options.put(KEYS.charAt(c.next(KEYS.length())), ref(c, n));
                }
                return new Node.Menu(name, prompts(c), options, seconds(c), c.next(3), prompts(c), prompts(c),
                        ref(c, n));
            }
            case 2: {
                int min = 1 + c.next(4);
                int max = min + c.next(4);
                Optional<Character> terminator = c.flag() ? Optional.of('#') : Optional.empty();
                Rule rule = switch (c.next(4)) {
                    case 0 -> new Rule.Cpf();
                    case 1 -> new Rule.Phone();
                    case 2 -> new Rule.Regex(Pattern.compile("[0-4]+"));
                    default -> new Rule.Digits();
                };
                List<Prompt> confirm = c.flag() ? List.of(new Prompt.SayDigits("v" + c.next(3))) : List.of();
                return new Node.Collect(name, prompts(c), min, max, terminator, seconds(c), seconds(c), rule,
                        "v" + c.next(3), confirm, c.next(3), prompts(c), ref(c, n), ref(c, n));
            }
            case 4: {
                List<Node.Schedule.Hours> hours = List.of(new Node.Schedule.Hours(EnumSet.of(DayOfWeek.of(1 + c.next(7))),
                        LocalTime.of(c.next(12), 0), LocalTime.of(12 + c.next(12), 0)));
                List<Node.Schedule.Dated> exceptions = c.flag()
                        ? List.of(new Node.Schedule.Dated(LocalDate.of(2026, 3, 2), List.of(), "feriado")) : List.of();
                return new Node.Schedule(name, ZoneId.of("America/Sao_Paulo"), hours, exceptions, ref(c, n), ref(c, n));
            }
            case 3:
                return new Node.Lookup(name, "GET", "https://crm/{caller}/{var.v" + c.next(3) + "}", Optional.empty(),
                        seconds(c), c.next(3), Map.of("v" + c.next(3), "/x"), ref(c, n), ref(c, n));
            case 5:
                return new Node.Branch(name, List.of(new Node.Condition("v" + c.next(3),
                        Node.Condition.OPS.get(c.next(Node.Condition.OPS.size())), List.of("1", "12"), ref(c, n))),
                        ref(c, n));
            case 6:
                return new Node.Assign(name, Map.of("v" + c.next(3), "{caller}" + c.next(10)), ref(c, n));
            case 7:
                return new Node.Route(name, new Target.Queue("q" + c.next(3)));
            case 8:
                return new Node.Hangup(name, prompts(c));
            case 9:
                return new Node.Route(name, new Target.Flow(c.next(8) == 0 ? "nowhere" : "main"));
            default:
                return new Node.Route(name, c.flag() ? new Target.Extension("2001")
                        : new Target.External("1133334444", "carrier"));
        }
    }
}
