#include "sandboxserver/QualifiedSubject.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

QualifiedSubject QualifiedSubject::parse(const QString &text)
{
    QualifiedSubject result;
    if (text.startsWith(u':')) {
        const qsizetype end = text.indexOf(u':', 1);
        if (end > 0) {
            QString context = text.mid(1, end - 1);
            result.subject = text.mid(end + 1);
            result.hasContextPrefix = true;
            if (context == u"*") {
                result.wildcard = true;
                result.context.clear();
                return result;
            }
            if (context.isEmpty())
                context = defaultContext;
            else if (!context.startsWith(u'.'))
                context.prepend(u'.'); // ":ctx:x" is read as ":.ctx:x"
            result.context = context;
            return result;
        }
    }
    result.subject = text;
    return result;
}

QualifiedSubject QualifiedSubject::parseRelative(const QString &text, const QString &parentContext)
{
    QualifiedSubject result = parse(text);
    if (!result.hasContextPrefix)
        result.context = parentContext;
    return result;
}

QString QualifiedSubject::toString() const
{
    if (wildcard)
        return u":*:"_s + subject;
    return qualify(context, subject);
}

QString QualifiedSubject::qualify(const QString &context, const QString &subject)
{
    if (context == defaultContext)
        return subject;
    return u":"_s + context + u":"_s + subject;
}

QString QualifiedSubject::delimitedContext(const QString &context)
{
    return u":"_s + context + u":"_s;
}

} // namespace sd::sandbox
