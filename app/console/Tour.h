#pragma once

#include <functional>
#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QTextStream;
class QWidget;

namespace sd::ui {

class MainWindow;

// A scripted walk through the console that saves a PNG of each step: how the README's first
// command shows the console on a machine without a display, and how screens are checked by eye.
class Tour : public QObject
{
    Q_OBJECT
public:
    struct Step
    {
        QString fileName;    // e.g. "01-main-window-light.png"
        QString description; // what the screenshot shows, printed next to its path
        // Puts the console in the state to show; returns the widget to capture (null: the window).
        std::function<QWidget *()> prepare;
        // True once the state is there (data loaded); polled until the step's deadline.
        std::function<bool()> ready;
        int timeoutMs = 20000;
        std::function<void()> cleanup;
    };

    Tour(MainWindow &window, const QString &directory, QTextStream &out, QObject *parent = nullptr);

    void addStep(Step step);
    void start();

    const QStringList &savedFiles() const { return m_saved; }
    const QStringList &failures() const { return m_failures; }

Q_SIGNALS:
    void finished(int exitCode);

private:
    void runStep(int index);
    void capture(int index);

    MainWindow &m_window;
    QString m_directory;
    QTextStream &m_out;
    QList<Step> m_steps;
    QPointer<QWidget> m_target;
    QDeadlineTimer m_deadline;
    QStringList m_saved;
    QStringList m_failures;
};

class DemoSession;

// The steps of the standard tour. With a demo session: the demo's connections, tree, a schema, a
// compatibility failure, and the screens of the feature folders; without: the empty window.
void addStandardTourSteps(Tour &tour, MainWindow &window, DemoSession *demo = nullptr);

} // namespace sd::ui
