// Counts words on standard input and prints the most frequent: a small C++ file whose compilation
// (templates of <map>, <unordered_map>, <algorithm>, <iostream>) is the compiler sample's workload.
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

int main() {
    std::unordered_map<std::string, long> counts;
    std::string word;
    while (std::cin >> word) {
        std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
        counts[word]++;
    }
    std::vector<std::pair<std::string, long>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    std::map<long, std::vector<std::string>> byCount;
    for (const auto &[w, n] : sorted) {
        byCount[n].push_back(w);
    }
    for (auto it = byCount.rbegin(); it != byCount.rend() && std::distance(byCount.rbegin(), it) < 10; ++it) {
        std::cout << it->first << ' ' << it->second.size() << '\n';
    }
}
