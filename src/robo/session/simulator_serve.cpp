// session/simulator_serve.cpp — serve_simulator (simulator_setup.hpp): the simulator on its
// own io_context, stopped by a signal or a "quit" line, with faults injected from lines.
#include <boost/asio.hpp>
#include <istream>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

#include "robo/session/simulator_setup.hpp"

namespace robo::session {

int serve_simulator(const config::Config& config, const SimulatorRequest& request, std::istream& commands,
                    std::ostream& out, std::ostream& err) {
    namespace sim = robo::ibkr::sim;
    sim::SimConfig cfg;
    try {
        std::vector<std::string> lines;
        cfg = simulator_config(config, request, lines);
        for (const auto& line : lines) out << "tws-sim: " << line << "\n";
    } catch (const std::invalid_argument& e) {
        err << "tws-sim: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {  // the configuration
        err << "tws-sim: " << e.what() << "\n";
        return 1;
    }
    boost::asio::io_context io;
    sim::Simulator simulator(io, cfg);
    try {
        simulator.start();
    } catch (const std::exception& e) {
        err << "tws-sim: cannot listen on 127.0.0.1:" << request.port << ": " << e.what() << "\n";
        return 1;
    }
    out << "tws-sim: listening on 127.0.0.1:" << simulator.port() << " (server version "
        << robo::ibkr::kServerVersion << ", account " << request.account << ", speed " << request.speed << ")"
        << std::endl;
    out << "tws-sim: " << describe_fill_model(cfg) << std::endl;

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](auto, int) { simulator.stop(), io.stop(); });
    auto guard = boost::asio::make_work_guard(io);
    // Fault commands, handed to the io thread by a reader of their own. The reader may stay
    // blocked on a terminal after a signal stopped the simulator, so what it may reach is
    // shared and cleared when serving ends: a later line then reaches nothing.
    struct Reach {
        std::mutex mutex;
        boost::asio::io_context* io = nullptr;
        sim::Simulator* simulator = nullptr;
        bool done = false;  // the reader has returned
    };
    auto reach = std::make_shared<Reach>();
    reach->io = &io;
    reach->simulator = &simulator;
    auto post = [reach](auto action) {
        std::lock_guard lock(reach->mutex);
        if (reach->io)
            boost::asio::post(*reach->io,
                              [s = reach->simulator, io = reach->io, action] { action(*s, *io); });
    };
    std::thread reader([reach, post, &commands, &err] {
        std::string line;
        while (std::getline(commands, line)) {
            if (line == "quit") {
                post([](sim::Simulator& s, boost::asio::io_context& context) { s.stop(), context.stop(); });
                break;
            }
            if (line.rfind("fault ", 0) != 0) {
                err << "tws-sim: unknown command \"" << line << "\"; expected \"fault <spec>\" or \"quit\"\n";
                continue;
            }
            try {
                post([f = sim::parse_fault(line.substr(6))](sim::Simulator& s, boost::asio::io_context&) {
                    s.inject(f);
                });
            } catch (const std::invalid_argument& e) {
                err << "tws-sim: " << e.what() << "\n";
            }
        }
        std::lock_guard lock(reach->mutex);
        reach->done = true;
    });
    io.run();
    {
        std::lock_guard lock(reach->mutex);
        reach->io = nullptr;
        reach->simulator = nullptr;
        if (!reach->done) reader.detach();  // blocked on its stream; it ends with the process
    }
    if (reader.joinable()) reader.join();
    out << "tws-sim: stopped after " << simulator.stats().connections << " connection(s), "
        << simulator.broker().executions().size() << " execution(s)" << std::endl;
    return 0;
}

}  // namespace robo::session
