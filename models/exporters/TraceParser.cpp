#include "TraceParser.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sd::exporters {

QString ParsedTrace::exceptionName() const
{
    return exceptionClass.section(u'.', -1);
}

ParsedTrace parseTrace(const QString &trace)
{
    ParsedTrace parsed;
    QStringList lines = trace.split(u'\n');
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
        lines.removeFirst();
    if (lines.isEmpty())
        return parsed;
    parsed.headline = lines.takeFirst().trimmed();
    for (const QString &line : std::as_const(lines)) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            parsed.stack.append(trimmed);
    }

    QString rest = parsed.headline;
    // "java.io.IOException: text" — a dotted class name (no spaces) before the first ": ".
    static const QRegularExpression classPrefix(u"^([A-Za-z_$][\\w$]*(?:\\.[\\w$]+)+)(?::\\s*|$)"_s);
    if (const QRegularExpressionMatch m = classPrefix.match(rest); m.hasMatch()) {
        parsed.exceptionClass = m.captured(1);
        rest = rest.mid(m.capturedLength());
    }
    static const QRegularExpression codeSuffix(u";?\\s*error code:\\s*(\\d+)\\s*$"_s,
                                               QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch m = codeSuffix.match(rest); m.hasMatch()) {
        parsed.errorCode = m.captured(1).toInt();
        rest = rest.left(m.capturedStart());
    }
    parsed.message = rest.trimmed();
    return parsed;
}

} // namespace sd::exporters
