// research/shared_data.cpp — see shared_data.hpp.
#include "robo/research/shared_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "robo/session/builder.hpp"

namespace robo::research {

std::string selection_key(const engine::DataSelection& s) {
    std::string key = s.data.string() + "|";
    for (const auto& sym : s.symbols) key += sym.str() + ",";
    key += fmt::format("|{}|{}|", s.from ? unix_nanos(*s.from) : -1, s.to ? unix_nanos(*s.to) : -1);
    std::vector<std::string> warm;
    for (const auto& [tf, bars] : s.warmup)
        warm.push_back(fmt::format("{}:{}", tf ? std::string(to_string(*tf)) : "data", bars));
    std::sort(warm.begin(), warm.end());
    for (const auto& w : warm) key += w + ",";
    return key;
}

SharedData::SharedData(const session::Plan& plan) {
    if (plan.db.source)
        throw std::invalid_argument("a sweep reads market data from files (--data); " +
                                    plan.db.source->string() + " is a database");
    first_ = session::SessionBuilder::load_data(plan);
    first_key_ = selection_key(plan.data);
}

std::shared_ptr<const engine::LoadedFeed> SharedData::get(const session::Plan& plan) {
    const std::string key = selection_key(plan.data);
    if (key == first_key_) return first_;
    std::lock_guard lock(mutex_);
    auto& slot = selections_[key];
    // Built under the lock: the runs that need it wait for it rather than each building one.
    if (!slot)
        slot = std::make_shared<const engine::LoadedFeed>(
            engine::feed_from_loaded(first_->inventory, plan.data));
    return slot;
}

void SharedData::release(const std::string& key) {
    std::lock_guard lock(mutex_);
    selections_.erase(key);
}

}  // namespace robo::research
