// DICOM SR reader (issue 33): a TID 1500 Measurement Report, read through DCMTK's DSRDocument,
// walked measurement group by measurement group (TID 1410/1411/1501 under "Imaging
// Measurements"), as highdicom's sr/ API does. Every message names the content item by its
// position in the tree, as `dsrdump +Pn` prints it. Lengths are read by concept code *and* unit
// (viewer_terms.cpp); an empty NUM is a warning, never a value.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <dcmtk/oflog/oflog.h>
#include <sys/mman.h>
#include <unistd.h>

#include <mutex>

#include "io/read/viewer_terms.hpp"
#include "recist/io/read/viewer.hpp"

namespace recist::io {
namespace {

using viewer::Code;

Code code_of(const DSRCodedEntryValue& c) {
  return {c.getCodeValue().c_str(), c.getCodingSchemeDesignator().c_str(), c.getCodeMeaning().c_str()};
}

bool is(const Code& c, std::string_view value, std::string_view scheme) {
  return viewer::trim(c.value) == value && viewer::trim(c.scheme) == scheme;
}

bool is_finding_site(const Code& c) {
  return is(c, "G-C0E3", "SRT") || is(c, "363698007", "SCT");
}

/// DCMTK logs to standard error by default; the reader's messages are its errors.
void quiet_dcmtk() {
  static std::once_flag once;
  std::call_once(once, [] { OFLog::configure(OFLogger::OFF_LOG_LEVEL); });
}

std::string attribute(DcmItem* item, const DcmTagKey& tag) {
  OFString v;
  if (item && item->findAndGetOFString(tag, v).good()) return std::string(viewer::trim(v.c_str()));
  return {};
}

/// The referenced image series of CurrentRequestedProcedureEvidenceSequence, each once, joined by ";".
std::string referenced_series(DcmItem* dataset) {
  std::string out;
  DcmItem* study = nullptr;
  for (unsigned long i = 0;
       dataset->findAndGetSequenceItem(DCM_CurrentRequestedProcedureEvidenceSequence, study, i).good(); ++i) {
    DcmItem* series = nullptr;
    for (unsigned long j = 0; study->findAndGetSequenceItem(DCM_ReferencedSeriesSequence, series, j).good(); ++j) {
      const std::string uid = attribute(series, DCM_SeriesInstanceUID);
      if (uid.empty() || (";" + out + ";").find(";" + uid + ";") != std::string::npos) continue;
      if (!out.empty()) out += ";";
      out += uid;
    }
  }
  return out;
}

/// Reads the bytes as a DICOM file. Through a file stream when the system gives an anonymous
/// in-memory file (memfd): DCMTK then checks each element's length against the bytes that remain
/// and loads long values lazily, where a buffer stream would first allocate whatever length a
/// corrupt element claims (up to 4 GB). Else through a buffer stream.
OFCondition load(std::string_view bytes, DcmFileFormat* format) {
  const int fd = memfd_create("recist-sr", MFD_CLOEXEC);
  if (fd >= 0) {
    std::size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    if (written == bytes.size()) {
      const std::string path = "/proc/self/fd/" + std::to_string(fd);
      // The whole dataset is read now (DCM_MaxReadLength 4 kB: longer values are skipped and left
      // unread, an SR's strings are shorter), so the file may go when this returns.
      const OFCondition c =
          format->loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
      ::close(fd);
      return c;
    }
    ::close(fd);
  }
  DcmInputBufferStream stream;
  stream.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
  stream.setEos();
  format->transferInit();
  const OFCondition c = format->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
  format->transferEnd();
  return c;
}

/// One SR document being read.
class SrWalk {
 public:
  SrWalk(DSRDocument* doc, const std::string& file, ViewerFile* out) : tree_(doc->getTree()), file_(file), out_(out) {}

  void run(const ViewerLesion& header) {
    // The document-level "Qualitative Evaluations" (ePAD): lesion type and status for every group.
    std::vector<std::string> groups;
    if (tree_.gotoRoot() == 0) return;
    do {
      DSRContentItem& item = tree_.getCurrentContentItem();
      const Code name = code_of(item.getConceptName());
      OFString pos;
      tree_.getPosition(pos);
      if (item.getValueType() == DSRTypes::VT_Container && is(name, "125007", "DCM")) groups.push_back(pos.c_str());
      if (item.getValueType() == DSRTypes::VT_Code && item.getCodeValuePtr()) {
        const Code value = code_of(item.getCodeValue());
        const std::string meaning = name.meaning;
        if (meaning == "Lesion Type" || is(name, "RDETBD3", "RADELEMENT")) {
          role_ = viewer::role_of(value.meaning);
        } else if (meaning == "Lesion Status" || is(name, "RDE54", "RADELEMENT")) {
          status_ = value.meaning;
        }
      }
    } while (tree_.iterate());
    if (groups.empty()) warn("", "no Measurement Group (125007,DCM) in Imaging Measurements: nothing to import");
    for (const std::string& g : groups) group(g, header);
  }

 private:
  void error(const std::string& position, const std::string& message) {
    out_->errors.push_back({file_, 0, "", "content item " + position + ": " + message, ""});
  }
  void warn(const std::string& position, const std::string& message) {
    out_->warnings.push_back({file_, 0, "", (position.empty() ? "" : "content item " + position + ": ") + message, ""});
  }

  /// A site on the group or on one of its measurements (TID 300 allows both).
  void take_site(const Code& value, const std::string& position, ViewerLesion* l) {
    if (!l->site_code.empty() && l->site_code != viewer::to_string(value)) {
      error(position, "a second finding site " + viewer::to_string(value) + " differs from " + l->site_code +
                          ": expected one finding site per measurement group");
      return;
    }
    const viewer::Site s = viewer::site_of(value);
    l->site = s.organ;
    l->nodal = s.nodal;
    l->site_code = viewer::to_string(value);
  }

  void num(DSRContentItem& item, const Code& name, const std::string& pos, ViewerLesion* l) {
    const std::optional<LengthKind> kind = viewer::length_kind(name);
    const DSRNumericMeasurementValue* value = item.getNumericValuePtr();
    if (!kind) {
      if (value && !value->isEmpty() && !value->getNumericValue().empty())
        warn(pos, "NUM " + viewer::to_string(name) +
                      " is not a lesion length (Long Axis, Short Axis, Length, "
                      "Diameter): left out");
      else
        warn(pos, "NUM " + viewer::to_string(name) + " is empty (no MeasuredValueSequence): left out");
      return;
    }
    if (!value || value->isEmpty() || value->getNumericValue().empty()) {
      error(pos, "NUM " + viewer::to_string(name) + " is empty (no MeasuredValueSequence): expected a value in mm");
      return;
    }
    std::string why;
    const auto length = viewer::length_value(name, *kind, value->getNumericValue().c_str(),
                                             code_of(value->getMeasurementUnit()), pos, &why);
    if (!length) {
      error(pos, "NUM " + why);
      return;
    }
    // A finding site may qualify the measurement itself.
    if (tree_.gotoChild()) {
      do {
        DSRContentItem& child = tree_.getCurrentContentItem();
        if (child.getValueType() == DSRTypes::VT_Code && is_finding_site(code_of(child.getConceptName()))) {
          OFString cpos;
          tree_.getPosition(cpos);
          take_site(code_of(child.getCodeValue()), cpos.c_str(), l);
        }
      } while (tree_.gotoNext());
      tree_.goUp();
    }
    l->lengths.push_back(*length);
  }

  void group(const std::string& position, const ViewerLesion& header) {
    if (tree_.gotoNode(position.c_str()) == 0) return;
    const std::size_t errors_before = out_->errors.size();
    ViewerLesion l = header;
    l.position = position;
    l.role = role_;
    l.status = status_;
    if (tree_.gotoChild()) {
      do {
        DSRContentItem& item = tree_.getCurrentContentItem();
        const Code name = code_of(item.getConceptName());
        OFString opos;
        tree_.getPosition(opos);
        const std::string pos = opos.c_str();
        switch (item.getValueType()) {
          case DSRTypes::VT_Text:
            if (is(name, "112039", "DCM")) l.tracking_id = viewer::trim(item.getStringValue().c_str());
            break;
          case DSRTypes::VT_UIDRef:
            if (is(name, "112040", "DCM")) l.tracking_uid = viewer::trim(item.getStringValue().c_str());
            break;
          case DSRTypes::VT_Code:
            if (is(name, "121071", "DCM"))
              l.finding = viewer::to_string(code_of(item.getCodeValue()));
            else if (is_finding_site(name))
              take_site(code_of(item.getCodeValue()), pos, &l);
            break;
          case DSRTypes::VT_Num:
            num(item, name, pos, &l);
            break;
          default:
            break;
        }
      } while (tree_.gotoNext());
    }
    if (l.lengths.empty()) {
      if (out_->errors.size() == errors_before)
        warn(position, "measurement group \"" + l.tracking_id +
                           "\" has no Long Axis, Short Axis, Length or Diameter: not a lesion diameter, left out");
      return;
    }
    out_->lesions.push_back(std::move(l));
  }

  DSRDocumentTree& tree_;
  const std::string& file_;
  ViewerFile* out_;
  std::optional<LesionRole> role_;
  std::string status_;
};

}  // namespace

ViewerFile read_dicom_sr(std::string_view bytes, const std::string& file) {
  quiet_dcmtk();
  ViewerFile out;
  const auto fatal = [&](const std::string& message) {
    out.errors.push_back({file, 0, "", message, ""});
    out.fatal = true;
    return out;
  };
  DcmFileFormat format;
  const OFCondition read = load(bytes, &format);
  if (read.bad()) return fatal(std::string("not a readable DICOM file: ") + read.text());
  DcmDataset* dataset = format.getDataset();
  DSRDocument doc;
  const size_t flags = DSRTypes::RF_ignoreContentItemErrors | DSRTypes::RF_acceptUnknownRelationshipType |
                       DSRTypes::RF_ignoreRelationshipConstraints | DSRTypes::RF_acceptInvalidContentItemValue;
  const OFCondition sr = doc.read(*dataset, flags);
  if (sr.bad()) return fatal(std::string("not a DICOM Structured Report: ") + sr.text());
  DSRDocumentTree& tree = doc.getTree();
  if (tree.gotoRoot() == 0) return fatal("the SR has no content tree: expected a TID 1500 Measurement Report");
  const Code root = code_of(tree.getCurrentContentItem().getConceptName());
  if (!is(root, "126000", "DCM"))
    return fatal("content item 1: the root container is " + viewer::to_string(root) +
                 ": expected (126000,DCM,\"Imaging Measurement Report\") of TID 1500");

  ViewerLesion header;
  header.file = file;
  header.patient_id = attribute(dataset, DCM_PatientID);
  header.sop_instance_uid = attribute(dataset, DCM_SOPInstanceUID);
  header.study_uid = attribute(dataset, DCM_StudyInstanceUID);
  header.series_uid = referenced_series(dataset);
  const std::string date = attribute(dataset, DCM_StudyDate);
  if (date.size() == 8 && date.find_first_not_of("0123456789") == std::string::npos)
    header.study_date =
        Date::from_ymd(std::stoi(date.substr(0, 4)), std::stoi(date.substr(4, 2)), std::stoi(date.substr(6, 2)));
  if (!date.empty() && !header.study_date)
    out.errors.push_back({file, 0, "", "StudyDate (0008,0020) \"" + date + "\": expected a date YYYYMMDD", ""});
  SrWalk(&doc, file, &out).run(header);
  return out;
}

}  // namespace recist::io
