#pragma once

#include <QString>
#include <QStringList>

namespace sd::schema {

// Appends a token to a difference path for as long as it lives (the compatibility checkers'
// "#/properties/a" and "#/Message/3" paths).
class SchemaPathScope
{
public:
    SchemaPathScope(QStringList &path, const QString &token)
        : m_path(path)
    {
        m_path.append(token);
    }
    ~SchemaPathScope() { m_path.removeLast(); }
    SchemaPathScope(const SchemaPathScope &) = delete;
    SchemaPathScope &operator=(const SchemaPathScope &) = delete;

private:
    QStringList &m_path;
};

} // namespace sd::schema
