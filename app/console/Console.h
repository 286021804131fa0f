#pragma once

#include <memory>

namespace sd::ui {
class AppContext;
class AppSettings;
class MainWindow;
class Shell;
} // namespace sd::ui

namespace sd::console {

// The console as main() starts it, and as GUI tests drive it: the application context, the main
// window, and every feature installed into the window's shell.
class Console
{
public:
    explicit Console(ui::AppSettings &settings);
    ~Console();

    ui::AppContext &context() const { return *m_context; }
    ui::MainWindow &window() const { return *m_window; }
    // What features see of the window, and what their tests drive.
    ui::Shell &shell() const;

private:
    std::unique_ptr<ui::AppContext> m_context; // outlives the window
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace sd::console
