{{%AUTOESCAPE context="HTML"}}<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="/torrents">Torrents</a></li><li class="breadcrumb-item active" aria-current="page">{{ID}}</li></ol></nav>
<h1 class="h4 text-break mb-3 torrent-title">{{FILENAME}}</h1>
<div class="row g-4">
  <div class="col-lg-5">
    <section class="card" aria-labelledby="fields-title">
      <div class="card-body">
        <h2 class="h6" id="fields-title">Details</h2>
        <dl class="row mb-0 small detail-fields">
          <dt class="col-5">Status</dt><dd class="col-7"><span class="badge status-badge status-{{STATUS_GROUP}}">{{STATUS}}</span></dd>
          <dt class="col-5">Progress</dt><dd class="col-7"><progress max="100" value="{{PROGRESS}}" aria-label="Progress">{{PROGRESS}}%</progress> {{PROGRESS}}%</dd>
          <dt class="col-5">Size (selected)</dt><dd class="col-7">{{SIZE}} <span class="text-body-secondary">({{BYTES}} bytes)</span></dd>
          <dt class="col-5">Original size</dt><dd class="col-7">{{ORIGINAL_SIZE}}</dd>
          <dt class="col-5">Original name</dt><dd class="col-7 text-break">{{ORIGINAL_FILENAME}}</dd>
          <dt class="col-5">Added</dt><dd class="col-7">{{ADDED}}</dd>
          <dt class="col-5">Finished</dt><dd class="col-7">{{ENDED}}</dd>
          <dt class="col-5">Hash</dt><dd class="col-7"><code class="text-break">{{HASH}}</code></dd>
          <dt class="col-5">Id</dt><dd class="col-7"><code>{{ID}}</code></dd>
          <dt class="col-5">Host</dt><dd class="col-7">{{HOST}}</dd>
          <dt class="col-5">Split</dt><dd class="col-7">{{SPLIT}}</dd>
          <dt class="col-5">Speed</dt><dd class="col-7">{{SPEED}}</dd>
          <dt class="col-5">Seeders</dt><dd class="col-7">{{SEEDERS}}</dd>
          <dt class="col-5">Files</dt><dd class="col-7">{{FILES_COUNT}}</dd>
          <dt class="col-5">Details fetched</dt><dd class="col-7">{{FETCHED}}</dd>
          <dt class="col-5">Listed</dt><dd class="col-7">{{SYNCED}}</dd>
        </dl>
        {{#ERROR}}<div class="alert alert-danger mt-3 mb-0" role="alert"><strong>Error:</strong> {{ERROR_TEXT}}</div>{{/ERROR}}
      </div>
    </section>
  </div>
  <div class="col-lg-7">
    <section class="card mb-4" aria-labelledby="files-title">
      <div class="card-body">
        <h2 class="h6" id="files-title">Files ({{FILES_COUNT}})</h2>
        {{#NO_DETAILS}}<p class="text-body-secondary mb-0">The files of this torrent have not been fetched yet: a smart sync fetches them.</p>{{/NO_DETAILS}}
        {{#FILES}}<div class="table-responsive"><table class="table table-sm mb-0 files-table">
          <thead><tr><th scope="col">#</th><th scope="col">Path</th><th scope="col" class="text-end">Size</th><th scope="col">Selected</th></tr></thead>
          <tbody>{{#FILE}}<tr class="{{#UNSELECTED}}text-body-secondary{{/UNSELECTED}}"><td>{{FILE_ID}}</td><td class="text-break">{{PATH}}</td><td class="text-end text-nowrap">{{SIZE}}</td><td>{{#SELECTED}}yes{{/SELECTED}}{{#UNSELECTED}}no{{/UNSELECTED}}</td></tr>{{/FILE}}</tbody>
        </table></div>{{/FILES}}
      </div>
    </section>
    <section class="card" aria-labelledby="links-title">
      <div class="card-body">
        <div class="d-flex flex-wrap align-items-center gap-2 mb-2">
          <h2 class="h6 mb-0 me-auto" id="links-title">Links ({{LINKS_COUNT}})</h2>
          {{#HAS_LINKS}}<button type="button" class="btn btn-sm btn-outline-primary" data-copy-all hidden data-js-only>Copy all links</button>{{/HAS_LINKS}}
        </div>
        {{#NO_LINKS}}<p class="text-body-secondary mb-0">No download links.</p>{{/NO_LINKS}}
        <ul class="list-unstyled mb-0 links-list">{{#LINK}}<li class="d-flex align-items-start gap-2"><a class="text-break flex-grow-1" href="{{URL}}" rel="noreferrer noopener" data-link>{{URL}}</a><button type="button" class="btn btn-sm btn-outline-secondary py-0" data-copy="{{URL}}" aria-label="Copy this link" hidden data-js-only>Copy</button></li>{{/LINK}}</ul>
      </div>
    </section>
  </div>
</div>
