#pragma once

// The tree's storage, shared by the files that define RegistryTreeModel: plain node structs (built for a
// million subjects), a connection's nodes and name index, and a skeleton prepared off the GUI thread.
#include "registry/RegistryTypes.h"
#include "RegistryTreeModel.h"
#include "SubjectNameIndex.h"

#include <memory>
#include <QHash>
#include <vector>

namespace sd::items {

inline const QString defaultContext = QStringLiteral(".");

// A subject's name as GET /subjects lists it: unqualified in the default context.
inline QString qualified(const QString &context, const QString &name)
{
    return registry::QualifiedSubject{context, name}.toString();
}

struct RegistryTreeModel::Node
{
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    std::vector<Node *> visible; // the rows the view sees: children after filtering
    QString name;                // connection, context (".ctx"), unqualified subject, exporter name
    QString lowerName;           // subjects: prepared for filtering
    QString schemaType;          // subjects: type of the latest version
    // What few nodes have, allocated on the first write: at a million subject nodes these fields,
    // empty, were ~110 MB.
    struct Details
    {
        QString state; // exporters
        QString error;
        ScopeSettings settings; // context- or subject-level values
    };
    std::unique_ptr<Details> details;
    QList<VersionInfo> versions;
    int row = 0;
    int version = 0;
    int id = -1;
    int liveVersions = 0;
    int nameSlot = -1; // subjects: in the connection's SubjectNameIndex
    Kind kind = Kind::Connection;
    bool deleted = false;
    bool loading = false;
    bool loaded = false;       // connection: skeleton arrived; subject: versions known
    bool materialized = false; // subject: version rows created (after fetchMore)
    bool settingsKnown = false;
    bool addedOutOfOrder = false; // contexts: a subject was added after the skeleton (not sorted)

    const QString &state() const { return detailsOrNone().state; }
    const QString &error() const { return detailsOrNone().error; }
    const ScopeSettings &settings() const { return detailsOrNone().settings; }
    void setState(const QString &value) { setDetail(&Details::state, value); }
    void setError(const QString &value) { setDetail(&Details::error, value); }
    void setSettings(const ScopeSettings &value)
    {
        if (details || !value.mode.isEmpty() || !value.compatibility.isEmpty())
            writableDetails().settings = value;
    }

    Node *addChild(Kind childKind, const QString &childName)
    {
        auto child = std::make_unique<Node>();
        child->parent = this;
        child->kind = childKind;
        child->name = childName;
        children.push_back(std::move(child));
        return children.back().get();
    }

private:
    const Details &detailsOrNone() const
    {
        static const Details none;
        return details ? *details : none;
    }
    Details &writableDetails()
    {
        if (!details)
            details = std::make_unique<Details>();
        return *details;
    }
    void setDetail(QString Details::*field, const QString &value)
    {
        if (details || !value.isEmpty())
            writableDetails().*field = value;
    }
};

struct RegistryTreeModel::ConnectionData
{
    ConnectionInfo info;
    QString notice;
    Node *node = nullptr;
    ScopeSettings global;
    QHash<QString, Node *> contexts;
    QHash<QString, Node *> subjects; // qualified name → node
    Node *exporters = nullptr;
    bool exportersOffered = false;
    // The filter's index over the subject names (made with the skeleton, off the GUI thread), its
    // slots' nodes, and the slots the filter shows now. Subjects made before the index arrived wait
    // in `unindexed`.
    std::shared_ptr<SubjectNameIndex> names;
    std::vector<Node *> slotNodes;
    std::vector<Node *> unindexed;
    std::vector<int> shownSlots;
};

// Context nodes with their subject nodes, sorted, not linked to any connection yet.
struct RegistryTreeModel::PreparedSubjects
{
    std::vector<std::unique_ptr<Node>> contexts;
    std::vector<QStringList> qualifiedNames; // per context, in the order of its children
    QHash<QString, Node *> subjects;         // qualified name → node
    QHash<QString, int> contextSlots;        // context name → index into contexts
    // The filter's index: slot i is the i-th name of the sorted list; made once the whole list is
    // prepared (by the part that ends it). Per slot the node this part made, if any.
    std::shared_ptr<SubjectNameIndex> names;
    std::vector<Node *> slotNodes;
};

} // namespace sd::items
