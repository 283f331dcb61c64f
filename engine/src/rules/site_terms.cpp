// What a free-text site names (issue 30): a lymph node (R2, R3's one organ for all nodes) or the
// brain (R3's exclusion in NCT07289048: "lesions only in the brain may not be targets"). Sites
// come in upper case (the readers fold them); terms match as whole words.
#include <array>
#include <cctype>

#include "rules.hpp"

namespace recist::rules {
namespace {

/// Brain parenchyma and its parts, as CDISC LOC and radiology reports name them. Not in the list:
/// the meninges, the skull and the pituitary (not brain; a protocol may exclude them by name).
constexpr std::array<std::string_view, 22> kBrainTerms = {
    "BRAIN",           "CEREBRUM",      "CEREBRAL",          "CEREBELLUM",    "CEREBELLAR",   "FRONTAL LOBE",
    "PARIETAL LOBE",   "TEMPORAL LOBE", "OCCIPITAL LOBE",    "INSULA",        "BRAINSTEM",    "BRAIN STEM",
    "MIDBRAIN",        "PONS",          "MEDULLA OBLONGATA", "THALAMUS",      "HYPOTHALAMUS", "BASAL GANGLIA",
    "CORPUS CALLOSUM", "HIPPOCAMPUS",   "INTRACRANIAL",      "SUPRATENTORIAL"};

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

/// Whether `term` stands in `text` as whole words.
bool has_words(std::string_view text, std::string_view term) {
  for (std::size_t at = text.find(term); at != std::string_view::npos; at = text.find(term, at + 1)) {
    const std::size_t end = at + term.size();
    if ((at == 0 || !word_char(text[at - 1])) && (end == text.size() || !word_char(text[end]))) return true;
  }
  return false;
}

}  // namespace

bool names_lymph_node(std::string_view site) {
  return site.find("LYMPH") != std::string_view::npos || site.find("NODE") != std::string_view::npos;
}

bool names_brain(std::string_view site) {
  for (std::string_view term : kBrainTerms)
    if (has_words(site, term)) return true;
  return false;
}

}  // namespace recist::rules
