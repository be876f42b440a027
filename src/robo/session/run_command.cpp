// session/run_command.cpp — see run_command.hpp.
#include "robo/session/run_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

#include "robo/session/builder.hpp"
#include "robo/session/session_text.hpp"

namespace robo::session {

int run_session_command(const config::LoadResult& config, const SessionRequest& request, bool quiet,
                        std::ostream& out, std::ostream& err) {
    auto fail = [&](const std::string& why) {
        err << "robo_trader " << request.command << ": " << why << "\n";
        return 1;
    };
    std::unique_ptr<SessionBuilder> b;
    try {
        auto plan = plan_session(config, request);
        std::filesystem::create_directories(
            plan.log.file.parent_path().empty() ? "." : plan.log.file.parent_path());
        log::configure(plan.log);
        b = std::make_unique<SessionBuilder>(std::move(plan));
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    out << describe_data(*b);
    if (!b->data_complete())
        // Trading on part of the data the user pointed at would be a silent surprise.
        return fail(std::to_string(b->data().failures.size()) +
                    " file(s) could not be read (listed above); fix or move them, then run again");
    try {
        b->assemble(out);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    const uint64_t total =
        b->plan().through_broker() ? 0 : b->data().feed.size();  // a live feed's is unknown
    if (!quiet) {
        b->session().engine().set_progress([total, &err](const engine::Progress& p) {
            // A live feed's length is unknown: no percentage rather than a wrong one.
            const std::string done = total ? fmt::format("{:5.1f}%", 100.0 * double(p.events) / double(total))
                                           : std::string("  live");
            err << fmt::format("  {}  {} events  data {}  equity {:.2f}  ({:.1f} s)\n", done,
                               with_commas(p.events), format_date(p.data_time), p.equity.to_double(),
                               p.elapsed_seconds)
                << std::flush;
        });
    }
    out << describe_start(*b) << std::flush;
    Outcome o;
    try {
        o = b->run(out);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    out << describe_outcome(*b, o);
    if (!o.positions_agree)
        err << "robo_trader " << request.command
            << ": the broker's positions differ from the ledger (see above)\n";
    return o.exit_code();
}

}  // namespace robo::session
