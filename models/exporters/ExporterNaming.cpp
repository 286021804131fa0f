#include "ExporterNaming.h"

using namespace Qt::StringLiterals;

namespace sd::exporters {

namespace {

QString slug(const QString &text)
{
    QString out;
    bool dash = false;
    for (const QChar c : text.toLower()) {
        if ((c.unicode() < 128 && c.isLetterOrNumber()) || c == u'_' || c == u'-') {
            if (dash && !out.isEmpty() && c != u'-')
                out += u'-';
            dash = false;
            if (c != u'-' || (!out.isEmpty() && !out.endsWith(u'-')))
                out += c;
        } else {
            dash = true;
        }
    }
    while (out.endsWith(u'-'))
        out.chop(1);
    return out;
}

} // namespace

QString contextNameFor(const QString &registryName)
{
    const QString name = slug(registryName);
    return name.isEmpty() ? u"source"_s : name;
}

QString uniqueName(const QString &base, const QStringList &taken)
{
    const auto isTaken = [&taken](const QString &name) { return taken.contains(name, Qt::CaseInsensitive); };
    if (!isTaken(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = base + u'-' + QString::number(n);
        if (!isTaken(candidate))
            return candidate;
    }
}

QString suggestExporterName(const QString &sourceName, const QString &destinationName,
                            const QStringList &existingExporters)
{
    const QString source = contextNameFor(sourceName);
    const QString destination = slug(destinationName);
    const QString base =
        destination.isEmpty() ? source + u"-link"_s : source + u"-to-"_s + destination + u"-link"_s;
    return uniqueName(base, existingExporters);
}

} // namespace sd::exporters
