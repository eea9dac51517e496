# Heading ids as the real Ruby generators make them, for tests/fixtures/slugs/*.json.
# Dev-only (Debian: apt-get install ruby-kramdown ruby-kramdown-parser-gfm ruby-redcarpet).
#   ruby scripts/slug_cases.rb tests/fixtures/slugs/headings.md > tests/fixtures/slugs/ruby.json
require 'json'
require 'kramdown'
require 'kramdown-parser-gfm'
require 'redcarpet'

# GOV.UK tech docs: govuk_tech_docs' UniqueIdentifierGenerator over Redcarpet's heading
# (alphagov/tech-docs-gem lib/govuk_tech_docs/unique_identifier_generator.rb, copied)
class TechDocs < Redcarpet::Render::HTML
  include Redcarpet::Render::SmartyPants
  Anchor = Struct.new(:id, :level)
  def initialize(*a)
    super
    @anchors = []
  end

  def header(text, level)
    anchor = slug(text)
    anchor = prefixed(anchor, level) unless unique?(anchor)
    anchor = numbered(anchor) unless unique?(anchor)
    @anchors << Anchor.new(anchor, level)
    %(<h#{level} id="#{anchor}">#{text}</h#{level}>\n)
  end

  def slug(text)
    text.downcase.strip.gsub(%r{</?[^>]+?>}, "").gsub(/[^0-9a-z]+/, "-").gsub(/\A-+|-+\z/, "")
  end

  def prefixed(anchor, level)
    parent = @anchors.reverse.find { |a| a.level < level }
    parent.nil? ? anchor : [parent.id, anchor].join("-")
  end

  def numbered(text)
    number = 2
    anchor = "#{text}-#{number}"
    until unique?(anchor)
      anchor = "#{text}-#{number}"
      number += 1
    end
    anchor
  end

  def unique?(value)
    @anchors.none? { |a| a.id == value }
  end
end

src = File.read(ARGV[0])
ids = ->(html) { html.scan(/<h\d id="([^"]*)"/).flatten }
out = {
  'kramdown_gfm' => ids.(Kramdown::Document.new(src, input: 'GFM', auto_ids: true).to_html),
  'kramdown' => ids.(Kramdown::Document.new(src, input: 'kramdown', auto_ids: true).to_html),
  'redcarpet' => ids.(Redcarpet::Markdown.new(Redcarpet::Render::HTML.new(with_toc_data: true),
                                              fenced_code_blocks: true, tables: true).render(src)),
  'tech_docs' => ids.(Redcarpet::Markdown.new(TechDocs.new(with_toc_data: true), fenced_code_blocks: true,
                                              tables: true, no_intra_emphasis: true).render(src)),
}
puts JSON.pretty_generate(out)
