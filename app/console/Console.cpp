#include "Console.h"

#include "Features.h"
#include "ui/AppContext.h"
#include "ui/MainWindow.h"

namespace sd::console {

Console::Console(ui::AppSettings &settings)
    : m_context(std::make_unique<ui::AppContext>(settings))
    , m_window(std::make_unique<ui::MainWindow>(*m_context))
{
    installFeatures(*m_window);
}

Console::~Console() = default;

ui::Shell &Console::shell() const
{
    return m_window->shell();
}

} // namespace sd::console
