#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace sd::demo {
class DemoEnvironment;
}

namespace sd::ui {

class Shell;

// `schemadesk --demo`: starts the demo registries in this process, opens a connection to each in the
// window (coloured, tagged "demo", not saved), loads them and expands the tree.
class DemoSession : public QObject
{
    Q_OBJECT
public:
    explicit DemoSession(Shell &shell, QObject *parent = nullptr);

    void start();
    bool isReady() const { return m_ready; }
    QString error() const { return m_error; }
    demo::DemoEnvironment *environment() const { return m_demo; }
    // The connection id of a demo registry ("source", "target", "platform", "cloud").
    QString connectionId(const QString &registryName) const;
    // True once every demo connection has loaded its tree.
    bool allLoaded() const;

Q_SIGNALS:
    void ready();
    void failed(const QString &error);

private:
    Shell &m_shell;
    demo::DemoEnvironment *m_demo = nullptr;
    QHash<QString, QString> m_connectionIds;
    bool m_ready = false;
    QString m_error;
};

} // namespace sd::ui
