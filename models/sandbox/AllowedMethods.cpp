#include "sandbox/AllowedMethods.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

QByteArray allowedMethods(const QStringList &s)
{
    if (s.isEmpty())
        return "GET, POST";
    const QString &root = s[0];
    const qsizetype n = s.size();
    if (root == u"subjects") {
        if (n == 1 || (n == 3 && s[2] == u"metadata") || n == 5)
            return "GET";
        if (n == 2)
            return "POST, DELETE";
        if (n == 3)
            return "GET, POST";
        if (n == 4)
            return "GET, DELETE";
        return {};
    }
    if (root == u"schemas" || root == u"v1")
        return "GET";
    if (root == u"contexts")
        return n == 1 ? "GET" : "DELETE";
    if (root == u"config" || root == u"mode")
        return "GET, PUT, DELETE";
    if (root == u"compatibility")
        return "POST";
    if (root == u"exporters" || root == u"importers") {
        if (n == 1)
            return "GET, POST";
        if (n == 2)
            return "GET, PUT, DELETE";
        if (s[2] == u"status")
            return "GET";
        if (s[2] == u"config")
            return "GET, PUT";
        return "PUT"; // pause, resume, reset
    }
    return {};
}

} // namespace sd::sandbox
