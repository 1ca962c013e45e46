#include "yamldocument.h"

#include <yaml.h>

#include <memory>
#include <optional>
#include <vector>

namespace tartan {

namespace {

struct Parser
{
    yaml_parser_t parser;
    Parser() { yaml_parser_initialize(&parser); }
    ~Parser() { yaml_parser_delete(&parser); }
    Parser(const Parser &) = delete;
    Parser &operator=(const Parser &) = delete;
};

struct Event
{
    yaml_event_t event{};
    bool valid = false;
    ~Event()
    {
        if (valid)
            yaml_event_delete(&event);
    }
};

json::Json scalarValue(const yaml_event_t &event)
{
    const std::string text(reinterpret_cast<const char *>(event.data.scalar.value), event.data.scalar.length);
    if (event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if (text.empty() || text == "null" || text == "~" || text == "Null" || text == "NULL")
            return nullptr;
        if (text == "true" || text == "True" || text == "TRUE")
            return true;
        if (text == "false" || text == "False" || text == "FALSE")
            return false;
    }
    return text;
}

} // namespace

Result<json::Json> parseYaml(const QByteArray &text, const QString &what)
{
    Parser p;
    yaml_parser_set_input_string(&p.parser, reinterpret_cast<const unsigned char *>(text.constData()),
                                 static_cast<size_t>(text.size()));
    // The containers being filled, innermost last; for a mapping, the key waiting for its value.
    struct Frame
    {
        json::Json value;
        std::optional<std::string> key;
    };
    std::vector<Frame> stack;
    std::optional<json::Json> result;
    const auto fail = [&](const yaml_mark_t &mark, const QString &why) {
        return Error(QStringLiteral("%1: YAML line %2 column %3: %4")
                         .arg(what).arg(mark.line + 1).arg(mark.column + 1).arg(why));
    };
    // Places a finished value in its parent, or makes it the document.
    const auto place = [&](json::Json value, const yaml_mark_t &mark) -> Status {
        if (stack.empty()) {
            result = std::move(value);
            return {};
        }
        Frame &top = stack.back();
        if (top.value.is_array()) {
            top.value.push_back(std::move(value));
            return {};
        }
        if (!top.key) {
            if (!value.is_string())
                return fail(mark, QStringLiteral("a mapping key must be a scalar"));
            top.key = value.get<std::string>();
            return {};
        }
        top.value[*top.key] = std::move(value);
        top.key.reset();
        return {};
    };
    for (;;) {
        Event e;
        if (!yaml_parser_parse(&p.parser, &e.event))
            return fail(p.parser.problem_mark, QString::fromUtf8(p.parser.problem ? p.parser.problem : "parse error"));
        e.valid = true;
        const yaml_event_t &ev = e.event;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            return result ? Result<json::Json>(*result) : Result<json::Json>(json::Json());
        case YAML_DOCUMENT_END_EVENT:
            return result ? Result<json::Json>(*result) : Result<json::Json>(json::Json());
        case YAML_ALIAS_EVENT:
            return fail(ev.start_mark, QStringLiteral("aliases are not supported"));
        case YAML_SCALAR_EVENT:
            if (ev.data.scalar.anchor)
                return fail(ev.start_mark, QStringLiteral("anchors are not supported"));
            if (auto placed = place(scalarValue(ev), ev.start_mark); !placed)
                return placed.error();
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (ev.data.sequence_start.anchor || ev.data.mapping_start.anchor)
                return fail(ev.start_mark, QStringLiteral("anchors are not supported"));
            if (stack.size() >= static_cast<size_t>(json::kMaxDepth))
                return fail(ev.start_mark, QStringLiteral("nested deeper than %1 levels").arg(json::kMaxDepth));
            stack.push_back({ev.type == YAML_SEQUENCE_START_EVENT ? json::Json::array() : json::Json::object(), {}});
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            json::Json done = std::move(stack.back().value);
            stack.pop_back();
            if (auto placed = place(std::move(done), ev.start_mark); !placed)
                return placed.error();
            break;
        }
        default:
            break;
        }
    }
}

} // namespace tartan
